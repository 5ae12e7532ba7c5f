import Media

/// Reads an upload's first bytes as the attachment route does — its kind, its text verdict, the
/// image dimensions — and requires that the readers agree with each other and with themselves on
/// prefixes: dimensions only for the kind they belong to and within the cap, the same dimensions
/// or none from any prefix, the kind fixed from `signatureLength` bytes on, the text verdict equal
/// to the standard library's UTF-8 validation, and each kind's own media type never contradicted.
///
/// Layout: the file's bytes as they are. The same bytes as a `Content-Type` value also go through
/// `MediaType`, whose essence must be lowercase and parse again to itself.
enum MediaFuzzing {
    static func check(_ input: [UInt8]) throws(PropertyViolation) -> InputVerdict {
        let kind = MediaKind(signatureOf: input)
        try checkPrefixKinds(input, kind: kind)
        try checkText(input, kind: kind)
        try checkDeclaredType(String(decoding: input, as: UTF8.self))
        guard let found = ImageDimensions(reading: input) else { return .refused }
        guard kind.isImage else { throw PropertyViolation("dimensions \(found) for a file of kind \(kind)") }
        guard (1...ImageDimensions.maxSide).contains(found.width), (1...ImageDimensions.maxSide).contains(found.height) else {
            throw PropertyViolation("dimensions \(found) outside 1...\(ImageDimensions.maxSide)")
        }
        for count in prefixLengths(of: input.count) {
            let fromPrefix = ImageDimensions(reading: Array(input.prefix(count)))
            guard fromPrefix == nil || fromPrefix == found else {
                throw PropertyViolation("the first \(count) bytes gave \(fromPrefix.map(\.description) ?? "nil"), the whole \(found)")
            }
        }
        return .accepted
    }

    /// Every length up to 64 (where the PNG, GIF and WebP headers end) and 16 spread over the
    /// rest: every prefix of a long JPEG would make each input cost its length squared.
    static func prefixLengths(of count: Int) -> [Int] {
        Array(0..<min(count, 64)) + (1...16).map { count * $0 / 17 }
    }

    private static func checkPrefixKinds(_ input: [UInt8], kind: MediaKind) throws(PropertyViolation) {
        for count in [0, 1, 2, 3, 4, 5, 6, 7, 8, 15, 16, 17, 64, input.count / 2] where count < input.count {
            let prefixKind = MediaKind(signatureOf: Array(input.prefix(count)))
            let agrees = count >= MediaKind.signatureLength ? prefixKind == kind : prefixKind == kind || prefixKind == .unknown
            guard agrees else { throw PropertyViolation("the first \(count) bytes are \(prefixKind), the whole \(kind)") }
        }
    }

    private static func checkText(_ input: [UInt8], kind: MediaKind) throws(PropertyViolation) {
        let signature = MediaSignature(input, isWholeFile: true)
        let valid = String(validating: input, as: UTF8.self) != nil
        let expected: TextVerdict = !valid ? .notUTF8 : input.contains(0) ? .containsNUL : .utf8
        // Both problems present: the verdict names whichever comes first, so either is right.
        let bothPresent = !valid && input.contains(0)
        guard signature.text == expected || bothPresent && signature.text != .utf8 else {
            throw PropertyViolation("the text verdict is \(signature.text), the standard library's validation says \(expected)")
        }
        // A prefix is judged leniently at its end only: what is whole-file text stays text.
        if signature.text == .utf8, TextVerdict(Array(input.dropLast()), isWholeFile: false) != .utf8 {
            throw PropertyViolation("text lost its verdict without its last byte")
        }
        if let own = kind.mediaType, signature.contradicts(declared: own) {
            throw PropertyViolation("a \(kind) file contradicts its own type \(own)")
        }
        if kind != .unknown, !signature.contradicts(declared: "text/plain") {
            throw PropertyViolation("a \(kind) file passed as text/plain")
        }
    }

    private static func checkDeclaredType(_ text: String) throws(PropertyViolation) {
        guard let type = MediaType(text) else { return }
        guard type.essence == type.essence.lowercased(), MediaType(type.essence) == MediaType(type.essence.uppercased()),
              MediaType(type.essence)?.essence == type.essence
        else { throw PropertyViolation("the media type \(text) has the essence \(type.essence), which does not parse back to itself") }
    }
}
