/// The path and query of a request target (RFC 9112 §3.2): origin-form (`/a?b`), absolute-form
/// (`http://host/a?b`, which servers must accept) or asterisk-form (`*`, for OPTIONS only).
struct RequestTarget {
    var path: Range<Int>
    var query: Range<Int>?

    init?(bytes: [UInt8], range: Range<Int>, method: HTTPMethod) {
        var start = range.lowerBound
        if bytes[range].elementsEqual("*".utf8) {
            guard method == .options else { return nil }
            path = range
            query = nil
            return
        }
        if bytes[start] != UInt8(ascii: "/") {
            let afterScheme: Int
            if Self.hasPrefix(bytes, range, "http://") {
                afterScheme = start + 7
            } else if Self.hasPrefix(bytes, range, "https://") {
                afterScheme = start + 8
            } else {
                return nil
            }
            guard let slash = bytes[afterScheme..<range.upperBound].firstIndex(of: UInt8(ascii: "/")) else {
                // `http://host` or `http://host?q` names the root.
                guard afterScheme < range.upperBound else { return nil }
                let question = bytes[afterScheme..<range.upperBound].firstIndex(of: UInt8(ascii: "?"))
                path = range.upperBound..<range.upperBound
                query = question.map { ($0 + 1)..<range.upperBound }
                return
            }
            start = slash
        }
        if let question = bytes[start..<range.upperBound].firstIndex(of: UInt8(ascii: "?")) {
            path = start..<question
            query = (question + 1)..<range.upperBound
        } else {
            path = start..<range.upperBound
            query = nil
        }
    }

    private static func hasPrefix(_ bytes: [UInt8], _ range: Range<Int>, _ prefix: String) -> Bool {
        range.count > prefix.utf8.count && equalsIgnoringCase(bytes[range].prefix(prefix.utf8.count), prefix)
    }
}
