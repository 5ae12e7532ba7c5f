import HTTP
import JSON

extension HTTPRequest {
    /// The token of `Authorization: Bearer <token>`, or nil.
    var bearerToken: String? {
        guard let value = headers["authorization"] else { return nil }
        let bytes = value.utf8
        let space = UInt8(ascii: " ")
        // The scheme in any case, then one or more spaces; compared as bytes, once per request.
        guard let schemeStart = bytes.firstIndex(where: { $0 != space }),
              bytes[schemeStart...].starts(with: "bearer ".utf8, by: { Self.lowercasedASCII($0) == $1 }),
              let tokenStart = bytes[schemeStart...].dropFirst(7).firstIndex(where: { $0 != space }) else { return nil }
        return String(Substring(value.utf8[tokenStart...]))
    }

    /// The body as a JSON object: 415 unless it is declared JSON, 400 unless it is one object.
    func jsonObject() throws(APIError) -> JSONObject {
        guard let type = headers["content-type"], Self.isJSONMediaType(type) else {
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

    /// Whether a Content-Type value names `application/json`, in any case, with or without
    /// parameters such as `; charset=utf-8`. Compares bytes: every write request passes here.
    static func isJSONMediaType(_ value: String) -> Bool {
        let bytes = value.utf8
        let end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes[..<end].firstIndex(where: { !isBlank($0) }),
              let last = bytes[..<end].lastIndex(where: { !isBlank($0) }) else { return false }
        return bytes[first...last].elementsEqual("application/json".utf8) { lowercasedASCII($0) == $1 }
    }

    private static func lowercasedASCII(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
