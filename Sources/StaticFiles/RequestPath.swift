/// A request path that passed every rule for naming a file under the root, as the relative path
/// it names. Whatever it refuses is answered 404, so a refusal never reveals which rule fired.
struct RequestPath {
    /// Longer paths are refused before any decoding; no file of `Public/` needs more.
    static let maximumLength = 1024

    /// The relative path below the root, e.g. `sub/a b.css`; a directory (a path ending in `/`)
    /// stands for its `index.html`.
    let relative: String

    /// Decodes and checks a raw request path such as `/sub/a%20b.css`; nil when it is refused.
    ///
    /// Refused: paths not starting with `/`, longer than `maximumLength` bytes, with invalid
    /// percent-encoding, with an encoded slash (`%2F`, which would smuggle a separator past the
    /// segment checks), invalid UTF-8 after decoding, a control character or a backslash
    /// (raw or encoded), an empty segment (`//`), or a segment starting with `.` — which covers
    /// `.`, `..` in every spelling, and hidden files such as `.env`.
    init?(_ raw: String) {
        let encoded = raw.utf8
        guard encoded.count <= Self.maximumLength, encoded.first == UInt8(ascii: "/") else { return nil }
        guard let decoded = Self.percentDecoded(encoded.dropFirst()),
              let text = String(validating: decoded, as: UTF8.self),
              !text.unicodeScalars.contains(where: { $0 == "\\" || $0.properties.generalCategory == .control })
        else { return nil }

        // Split the bytes, not the characters: a grapheme cluster can swallow a slash.
        let segments = decoded.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        let namesFile = segments.last?.isEmpty == false
        let names = namesFile ? segments[...] : segments.dropLast()
        guard names.allSatisfy(isVisibleName) else { return nil }
        relative = namesFile ? text : text + "index.html"
    }

    /// The bytes with each `%XX` replaced by the byte it encodes; nil for a malformed escape or
    /// an encoded slash.
    private static func percentDecoded(_ encoded: Substring.UTF8View) -> [UInt8]? {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(encoded.count)
        var iterator = encoded.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                decoded.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue),
                  let low = iterator.next().flatMap(hexValue)
            else { return nil }
            let value = high << 4 | low
            guard value != UInt8(ascii: "/") else { return nil }
            decoded.append(value)
        }
        return decoded
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
