/// The header fields of a request, kept as ranges into the request's own head bytes: parsing
/// allocates no string per field, and a handler pays only for the fields it reads.
public struct HTTPHeaders: Sendable, Sequence {
    struct Field: Sendable {
        var name: Range<Int>
        var value: Range<Int>
    }

    let bytes: [UInt8]
    let fields: [Field]

    public var count: Int { fields.count }

    /// The first value of `name` (case-insensitive), or nil.
    public subscript(name: String) -> String? {
        guard let field = fields.first(where: { matches($0, name) }) else { return nil }
        return string(field.value)
    }

    /// Every value of `name`, in order, for fields that may repeat.
    public func values(_ name: String) -> [String] {
        fields.filter { matches($0, name) }.map { string($0.value) }
    }

    /// Whether a comma-separated field (`Connection`, `Upgrade`) lists `token`, case-insensitively.
    public func contains(_ name: String, token: String) -> Bool {
        fields.contains { field in
            matches(field, name) && Self.listElements(bytes[field.value]).contains { equalsIgnoringCase($0, token) }
        }
    }

    /// Whether `Content-Type` names `mediaType` (`type/subtype`, case-insensitive, RFC 9110
    /// §8.3.1), whatever parameters follow it (`; charset=utf-8`).
    public func contentType(is mediaType: String) -> Bool {
        guard let field = fields.first(where: { matches($0, "content-type") }) else { return false }
        let value = bytes[field.value]
        let essence = value.prefix { $0 != UInt8(ascii: ";") }
        return equalsIgnoringCase(Self.trimmed(essence), mediaType)
    }

    /// The credentials of `Authorization: <scheme> <credentials>` for `scheme` (case-insensitive,
    /// one or more spaces between, RFC 9110 §11.4); nil for another scheme or none.
    public func credentials(scheme: String) -> String? {
        guard let field = fields.first(where: { matches($0, "authorization") }) else { return nil }
        let value = bytes[field.value]
        let schemeEnd = value.firstIndex(of: UInt8(ascii: " ")) ?? value.endIndex
        guard equalsIgnoringCase(value[..<schemeEnd], scheme) else { return nil }
        let credentials = value[schemeEnd...].drop { $0 == UInt8(ascii: " ") }
        return credentials.isEmpty ? nil : String(decoding: credentials, as: UTF8.self)
    }

    /// The elements of a comma-separated field value (RFC 9110 §5.6.1), trimmed of whitespace;
    /// empty elements are skipped.
    static func listElements(_ value: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        value.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).compactMap { element in
            let trimmed = Self.trimmed(element)
            return trimmed.isEmpty ? nil : trimmed
        }
    }

    /// `value` without the spaces and tabs around it (OWS).
    private static func trimmed(_ value: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var trimmed = value
        while let first = trimmed.first, ByteClass.isWhitespace(first) { trimmed.removeFirst() }
        while let last = trimmed.last, ByteClass.isWhitespace(last) { trimmed.removeLast() }
        return trimmed
    }

    public func makeIterator() -> some IteratorProtocol<(name: String, value: String)> {
        fields.lazy.map { (name: string($0.name), value: string($0.value)) }.makeIterator()
    }

    func matches(_ field: Field, _ name: String) -> Bool {
        field.name.count == name.utf8.count && equalsIgnoringCase(bytes[field.name], name)
    }

    private func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }
}

/// ASCII case-insensitive comparison of raw bytes with a lowercase or mixed-case literal.
func equalsIgnoringCase(_ bytes: some Collection<UInt8>, _ text: String) -> Bool {
    bytes.count == text.utf8.count && zip(bytes, text.utf8).allSatisfy { ByteClass.lowercased($0) == ByteClass.lowercased($1) }
}
