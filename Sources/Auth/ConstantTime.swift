import CCrypto

/// Compares two byte strings in time that depends only on their lengths, so that comparing a
/// forged MAC against the real one leaks nothing about how many leading bytes were right.
///
/// Lengths are not secret (every MAC of one algorithm has the same length), so collections of
/// different lengths return `false` at once.
public func constantTimeEquals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    return withContiguousBytes(a) { left in
        withContiguousBytes(b) { right in
            guard let leftBase = left.baseAddress, let rightBase = right.baseAddress else {
                return left.isEmpty && right.isEmpty
            }
            return CRYPTO_memcmp(leftBase, rightBase, left.count) == 0
        }
    }
}
