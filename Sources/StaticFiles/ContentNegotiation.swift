/// The two request headers a static response depends on, parsed without allocating because they
/// are read on every request for a file.
public enum ContentNegotiation {
    /// Whether a client with this `Accept-Encoding` value may receive gzip (RFC 9110 §12.5.3).
    ///
    /// `gzip` and `x-gzip` name the coding; when neither is listed, `*` speaks for it. A weight of
    /// zero is a refusal, and a refusal wins over any other entry for the same name, so a
    /// contradictory header never gets a client bytes it said it cannot read. Names are
    /// case-insensitive and whitespace around separators is ignored. A missing header gets no
    /// gzip (as nginx does): the RFC allows any coding then, but clients that omit it are mostly
    /// tools that would not decode it. Malformed members are skipped.
    public static func acceptsGzip(_ acceptEncoding: String?) -> Bool {
        guard var header = acceptEncoding else { return false }
        return header.withUTF8 { bytes in
            var gzipVerdict: Bool?
            var wildcardVerdict: Bool?
            var scanner = HeaderScanner(bytes)
            while let member = scanner.nextListMember() {
                guard let (coding, accepted) = parseCodingAndWeight(member) else { continue }
                if equalsIgnoringASCIICase(coding, "gzip") || equalsIgnoringASCIICase(coding, "x-gzip") {
                    gzipVerdict = (gzipVerdict ?? true) && accepted
                } else if equalsIgnoringASCIICase(coding, "*") {
                    wildcardVerdict = (wildcardVerdict ?? true) && accepted
                }
            }
            return gzipVerdict ?? wildcardVerdict ?? false
        }
    }

    /// Whether an `If-None-Match` value matches a current entity tag, so the answer can be `304`
    /// (RFC 9110 §13.1.2). `*` matches any existing file; otherwise the header is a list of entity
    /// tags compared weakly (a `W/` prefix on either side is ignored), as the RFC requires for
    /// this header. A malformed header matches nothing, which only costs a full response.
    public static func ifNoneMatch(_ header: String?, matches etag: String) -> Bool {
        guard var header else { return false }
        var current = etag
        return header.withUTF8 { field in
            current.withUTF8 { tag in
                let wanted = opaqueTag(tag)
                var scanner = HeaderScanner(field)
                scanner.skipWhitespace()
                if scanner.consume(UInt8(ascii: "*")) {
                    scanner.skipWhitespace()
                    return scanner.isAtEnd
                }
                var matched = false
                while let candidate = scanner.nextEntityTag() {
                    matched = matched || candidate.elementsEqual(wanted)
                }
                return matched && !scanner.isMalformed
            }
        }
    }

    /// Splits `coding [ OWS ";" OWS "q=" qvalue ]` into the coding and whether its weight is
    /// above zero; nil when the member does not have that shape.
    private static func parseCodingAndWeight(
        _ member: UnsafeBufferPointer<UInt8>.SubSequence
    ) -> (coding: UnsafeBufferPointer<UInt8>.SubSequence, accepted: Bool)? {
        let semicolon = member.firstIndex(of: UInt8(ascii: ";")) ?? member.endIndex
        let coding = trimmingWhitespace(member[..<semicolon])
        guard !coding.isEmpty, coding.allSatisfy(isTokenCharacter) else { return nil }
        guard semicolon < member.endIndex else { return (coding, true) }
        let parameter = trimmingWhitespace(member[member.index(after: semicolon)...])
        guard let equals = parameter.firstIndex(of: UInt8(ascii: "=")),
              equalsIgnoringASCIICase(trimmingWhitespace(parameter[..<equals]), "q"),
              let weightIsPositive = isPositiveQValue(trimmingWhitespace(parameter[parameter.index(after: equals)...]))
        else { return nil }
        return (coding, weightIsPositive)
    }

    /// Reads `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )` and tells whether it
    /// is above zero; nil when it is not a qvalue.
    private static func isPositiveQValue(_ text: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool? {
        let fraction = text.dropFirst()
        let decimals = fraction.dropFirst()
        guard fraction.isEmpty || fraction.first == UInt8(ascii: "."),
              decimals.count <= 3,
              decimals.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        switch text.first {
        case UInt8(ascii: "0"): return decimals.contains { $0 != UInt8(ascii: "0") }
        case UInt8(ascii: "1"): return decimals.allSatisfy { $0 == UInt8(ascii: "0") } ? true : nil
        default: return nil
        }
    }

    /// The part of an entity tag that is compared weakly: the quoted string without `W/`.
    private static func opaqueTag(_ tag: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>.SubSequence {
        let whole = tag[...]
        if whole.count >= 2, whole[whole.startIndex] == UInt8(ascii: "W"), whole[whole.startIndex + 1] == UInt8(ascii: "/") {
            return whole.dropFirst(2)
        }
        return whole
    }
}
