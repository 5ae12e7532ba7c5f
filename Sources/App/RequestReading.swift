import HTTP
import JSON

extension HTTPRequest {
    /// The token of `Authorization: Bearer <token>`, or nil.
    var bearerToken: String? {
        guard let value = headers["authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1])
    }

    /// The body as a JSON object: 415 unless it is declared JSON, 400 unless it is one object.
    func jsonObject() throws(APIError) -> JSONObject {
        let type = headers["content-type"]?.split(separator: ";").first?.lowercased().trimmingCharacters() ?? ""
        guard type == "application/json" else {
            throw APIError(.unsupportedMediaType, "unsupported_media_type", "The body must be JSON (Content-Type: application/json).")
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: body, options: JSONParsingOptions(maxDepth: 32))
        } catch {
            throw APIError.badJSON("The body is not valid JSON: \(error.description).")
        }
        guard let object = value.objectValue else { throw APIError.badJSON("The body must be a JSON object.") }
        return object
    }
}

extension StringProtocol {
    func trimmingCharacters() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
