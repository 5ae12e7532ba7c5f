import Glibc
import JSON

/// Checks shared by every request body: typed values with bounds, and the names in errors.
public enum Validate {
    /// A string whose length (after trimming surrounding whitespace) is in `length`, counted in
    /// Unicode scalars, and so at most `maxBytes(length.upperBound)` bytes of UTF-8.
    ///
    /// Counting grapheme clusters (Swift's `count`) let one "character" be a letter with 450,000
    /// combining marks: a 900 KB title passed the 200 limit and went out in every list (issue 13).
    /// A scalar is 1 to 4 bytes, so the scalar limit also bounds the bytes; the byte cap is checked
    /// first, which refuses an oversized text without walking it.
    public static func text(_ value: JSONValue, field: String, length: ClosedRange<Int>) throws(ValidationError) -> String {
        guard let text = value.stringValue else {
            throw ValidationError(field: field, message: "\(field) must be a string.")
        }
        let trimmed = text.trimmingWhitespace()
        guard trimmed.utf8.count <= maxBytes(length.upperBound), length.contains(trimmed.unicodeScalars.count) else {
            throw ValidationError(field: field, message: """
                \(field) must be \(length.lowerBound) to \(length.upperBound) characters long \
                (Unicode scalars, at most \(maxBytes(length.upperBound)) bytes of UTF-8).
                """)
        }
        return trimmed
    }

    /// The byte cap of a text field of at most `characters` Unicode scalars: 4 bytes each, the
    /// longest UTF-8 encoding of one scalar.
    public static func maxBytes(_ characters: Int) -> Int {
        characters * 4
    }

    /// Refuses members of `object` that are not in `known` (contract §4: unknown fields are 400).
    public static func onlyKnownFields(_ object: JSONObject, _ known: Set<String>) throws(ValidationError) {
        for key in object.keys where !known.contains(key) {
            throw ValidationError(field: key, message: "\(key) is not a known field.")
        }
    }

    /// An origin as browsers send it in `Origin` (RFC 6454): `scheme://host[:port]`, http or https,
    /// nothing after. Returned the way a browser serializes it, lowercased and without a default
    /// port (`https://shop.example:443` becomes `https://shop.example`), so comparing with the
    /// `Origin` header is a plain string comparison.
    public static func origin(_ value: JSONValue, field: String) throws(ValidationError) -> String {
        let failure = ValidationError(field: field, message: "\(field) must be an origin such as https://shop.example (no path).")
        guard let text = value.stringValue, text.utf8.count <= 300 else { throw failure }
        let lowered = text.lowercased()
        let scheme: String
        let defaultPort: Int
        if lowered.hasPrefix("https://") {
            (scheme, defaultPort) = ("https", 443)
        } else if lowered.hasPrefix("http://") {
            (scheme, defaultPort) = ("http", 80)
        } else {
            throw ValidationError(field: field, message: "\(field) must start with http:// or https://.")
        }
        let authority = Substring(lowered.dropFirst(scheme.count + 3))
        let host: String
        var port: Int?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw failure }
            let inside = authority[authority.index(after: authority.startIndex)..<close]
            guard let address = ipv6Serialized(inside) else { throw failure }
            host = "[" + address + "]"
            let rest = authority[authority.index(after: close)...]
            if !rest.isEmpty {
                guard rest.first == ":" else { throw failure }
                port = try portNumber(rest.dropFirst(), failure)
            }
        } else {
            let parts = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host = String(parts[0])
            if parts.count == 2 { port = try portNumber(parts[1], failure) }
            let labels = host.split(separator: ".", omittingEmptySubsequences: false)
            guard !host.isEmpty, host.count <= 253, labels.allSatisfy({ label in
                !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                    && label.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }
            }) else { throw failure }
        }
        guard let port, port != defaultPort else { return "\(scheme)://\(host)" }
        return "\(scheme)://\(host):\(port)"
    }

    /// An IPv6 address as a browser serializes it in an origin (RFC 5952: lowercase, the longest
    /// run of zeros as `::`), or nil when `text` is no IPv6 address (`[e8]`).
    private static func ipv6Serialized(_ text: Substring) -> String? {
        var address = in6_addr()
        guard text.utf8.count <= 45, inet_pton(AF_INET6, String(text), &address) == 1 else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func portNumber(_ digits: Substring, _ failure: ValidationError) throws(ValidationError) -> Int {
        guard (1...5).contains(digits.count), digits.allSatisfy({ $0 >= "0" && $0 <= "9" }),
              let port = Int(digits), (1...65535).contains(port) else { throw failure }
        return port
    }
}

extension String {
    /// Without leading and trailing whitespace (Unicode `White_Space` scalars); one pass from each
    /// end over scalars, never over grapheme clusters, and no copy when nothing is trimmed.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else {
            return ""
        }
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }
}
