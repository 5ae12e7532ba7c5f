import CCrypto

/// Cryptographically secure random bytes from OpenSSL's CSPRNG, for secrets, ids and keys that an
/// attacker must not be able to predict.
public enum SecureRandom {
    /// Returns `count` random bytes.
    ///
    /// A CSPRNG that cannot produce output leaves no safe fallback (weaker randomness would
    /// silently mint guessable secrets), so that failure stops the process.
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0 && count <= Int(Int32.max), "SecureRandom.bytes: count out of range")
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            if let base = buffer.baseAddress, RAND_bytes(base, Int32(count)) != 1 {
                preconditionFailure("SecureRandom.bytes: libcrypto RAND_bytes failed")
            }
            initializedCount = count
        }
    }
}
