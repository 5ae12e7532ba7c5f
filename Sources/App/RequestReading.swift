import HTTP
import JSON

extension HTTPRequest {
    /// The token of `Authorization: Bearer <token>`, or nil.
    var bearerToken: String? { headers.credentials(scheme: "bearer") }

    /// The body as a JSON object: 415 unless it is declared JSON, 400 unless it is one object.
    func jsonObject() throws(APIError) -> JSONObject {
        guard headers.contentType(is: "application/json") else {
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
