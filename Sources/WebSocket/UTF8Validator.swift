/// Incremental UTF-8 validation (RFC 3629) that keeps its place across chunk and fragment
/// boundaries and rejects a byte as soon as no continuation could make the sequence valid,
/// so a hostile text message fails without being buffered to its end (RFC 6455 §8.1).
struct UTF8Validator: Sendable {
    /// Continuation bytes still owed by the current code point.
    private var pendingContinuations = 0
    /// Allowed range of the next continuation byte; narrower than 0x80...0xBF only right after
    /// a lead byte, which is how overlongs, surrogates and values above U+10FFFF are excluded.
    private var lowerBound: UInt8 = 0x80
    private var upperBound: UInt8 = 0xBF

    /// True when the bytes so far end on a code point boundary, i.e. a message may end here.
    var isAtCodePointBoundary: Bool { pendingContinuations == 0 }

    /// Returns false when `byte` makes the sequence certainly invalid.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard pendingContinuations == 0 else {
            guard byte >= lowerBound, byte <= upperBound else { return false }
            lowerBound = 0x80
            upperBound = 0xBF
            pendingContinuations -= 1
            return true
        }
        switch byte {
        case 0x00...0x7F: return true
        case 0xC2...0xDF: pendingContinuations = 1
        case 0xE0: pendingContinuations = 2; lowerBound = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: pendingContinuations = 2
        case 0xED: pendingContinuations = 2; upperBound = 0x9F
        case 0xF0: pendingContinuations = 3; lowerBound = 0x90
        case 0xF1...0xF3: pendingContinuations = 3
        case 0xF4: pendingContinuations = 3; upperBound = 0x8F
        default: return false
        }
        return true
    }
}
