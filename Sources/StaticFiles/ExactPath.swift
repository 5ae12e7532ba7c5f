import Glibc

/// A path compared and hashed byte for byte, as the file system compares names.
///
/// `String` equality follows Unicode canonical equivalence, so `"caf\u{E9}"` equals
/// `"cafe\u{301}"` although they name two different files; keying the cache by `String` would let
/// one spelling be answered with the other file.
struct ExactPath: Hashable, Sendable {
    let string: String

    init(_ string: String) {
        self.string = string
    }

    static func == (lhs: ExactPath, rhs: ExactPath) -> Bool {
        guard lhs.string.utf8.count == rhs.string.utf8.count else { return false }
        var left = lhs.string
        var right = rhs.string
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in
                guard let leftStart = leftBytes.baseAddress, let rightStart = rightBytes.baseAddress else { return true }
                return memcmp(leftStart, rightStart, leftBytes.count) == 0
            }
        }
    }

    func hash(into hasher: inout Hasher) {
        var contiguous = string
        contiguous.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
