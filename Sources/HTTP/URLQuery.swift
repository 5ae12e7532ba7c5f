/// The `name=value` pairs of a query string (`application/x-www-form-urlencoded`), decoded:
/// `+` is a space and `%XX` a byte. Pairs keep their order, and a name may repeat. Nil when a
/// percent escape is malformed, the decoded bytes are not UTF-8 or hold a NUL (`%00`, which no
/// text a server keeps should hold), so that a caller refuses the request instead of guessing.
public enum URLQuery {
    public static func parse(_ query: String?) -> [(name: String, value: String)]? {
        guard let query, !query.isEmpty else { return [] }
        var pairs: [(name: String, value: String)] = []
        for part in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let pieces = part.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(pieces[0]) else { return nil }
            guard let value = pieces.count > 1 ? decode(pieces[1]) : "" else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }

    /// Percent-decodes one component: of a query when `plusIsSpace` (form encoding), of a path
    /// otherwise, where `+` is itself.
    public static func decode(_ bytes: some Collection<UInt8>, plusIsSpace: Bool = true) -> String? {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+") where plusIsSpace:
                decoded.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(ByteClass.hexValue),
                      let low = iterator.next().flatMap(ByteClass.hexValue), high | low != 0 else { return nil }
                decoded.append(UInt8(high << 4 | low))
            default:
                decoded.append(byte)
            }
        }
        return String(validating: decoded, as: UTF8.self)
    }
}
