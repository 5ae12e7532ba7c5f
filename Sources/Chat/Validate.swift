import JSON

/// Checks shared by every request body: typed values with bounds, and the names in errors.
public enum Validate {
    /// A string whose length in characters (after trimming surrounding whitespace) is in `length`.
    public static func text(_ value: JSONValue, field: String, length: ClosedRange<Int>) throws(ValidationError) -> String {
        guard let text = value.stringValue else {
            throw ValidationError(field: field, message: "\(field) must be a string.")
        }
        let trimmed = text.trimmingWhitespace()
        guard length.contains(trimmed.count) else {
            throw ValidationError(field: field, message: "\(field) must be \(length.lowerBound) to \(length.upperBound) characters long.")
        }
        return trimmed
    }

    /// Refuses members of `object` that are not in `known` (contract §4: unknown fields are 400).
    public static func onlyKnownFields(_ object: JSONObject, _ known: Set<String>) throws(ValidationError) {
        for key in object.keys where !known.contains(key) {
            throw ValidationError(field: key, message: "\(key) is not a known field.")
        }
    }

    /// An origin as browsers send it in `Origin`: `scheme://host[:port]`, http or https, no path.
    /// Returned lowercased, because browsers send scheme and host in lowercase.
    public static func origin(_ value: JSONValue, field: String) throws(ValidationError) -> String {
        guard let text = value.stringValue else {
            throw ValidationError(field: field, message: "\(field) must be a string.")
        }
        let origin = text.lowercased()
        let rest: Substring
        if origin.hasPrefix("https://") {
            rest = origin.dropFirst(8)
        } else if origin.hasPrefix("http://") {
            rest = origin.dropFirst(7)
        } else {
            throw ValidationError(field: field, message: "\(field) must start with http:// or https://.")
        }
        let allowed = rest.utf8.allSatisfy { byte in
            (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
                || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
        }
        guard !rest.isEmpty, rest.count <= 253, allowed, rest.first != ":" else {
            throw ValidationError(field: field, message: "\(field) must be an origin such as https://shop.example (no path).")
        }
        return origin
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
