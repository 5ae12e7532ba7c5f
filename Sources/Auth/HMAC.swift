import CCrypto

/// HMAC through libcrypto's `EVP_MAC` interface (the non-deprecated OpenSSL 3 API), so the
/// primitive guarding every token is OpenSSL's audited implementation rather than our own.
public enum HMAC {
    /// Returns the full-length authentication code of `message` under `key`.
    ///
    /// libcrypto failing here means the process cannot authenticate anything (no provider, no
    /// memory); no input can cause it, so it stops the process instead of returning a code that
    /// would fail or, worse, succeed silently.
    public static func authenticationCode(
        _ algorithm: HMACAlgorithm,
        key: some Collection<UInt8>,
        message: some Collection<UInt8>
    ) -> [UInt8] {
        withContiguousBytes(key) { key in
            withContiguousBytes(message) { message in
                compute(algorithm, key: key, message: message)
            }
        }
    }

    private static func compute(
        _ algorithm: HMACAlgorithm,
        key: UnsafeBufferPointer<UInt8>,
        message: UnsafeBufferPointer<UInt8>
    ) -> [UInt8] {
        guard let context = EVP_MAC_CTX_new(FetchedHMAC.shared.mac) else {
            preconditionFailure("HMAC: EVP_MAC_CTX_new failed")
        }
        defer { EVP_MAC_CTX_free(context) }

        let initialized = withUnsafeTemporaryAllocation(of: OSSL_PARAM.self, capacity: 2) { parameters in
            parameters[0] = OSSL_PARAM_construct_utf8_string(cString("digest"), mutableCString(algorithm.digestName), 0)
            parameters[1] = OSSL_PARAM_construct_end()
            // An empty key must still be passed as a non-null pointer: a null key asks OpenSSL to
            // reuse the context's previous key, and a fresh context has none.
            return withUnsafePointer(to: UInt8(0)) { emptyKey in
                EVP_MAC_init(context, key.baseAddress ?? emptyKey, key.count, parameters.baseAddress)
            }
        }
        guard initialized == 1 else { preconditionFailure("HMAC: EVP_MAC_init failed") }
        if let messageBase = message.baseAddress {
            guard EVP_MAC_update(context, messageBase, message.count) == 1 else {
                preconditionFailure("HMAC: EVP_MAC_update failed")
            }
        }
        let size = algorithm.outputByteCount
        return [UInt8](unsafeUninitializedCapacity: size) { output, initializedCount in
            var written = 0
            guard EVP_MAC_final(context, output.baseAddress, &written, size) == 1, written == size else {
                preconditionFailure("HMAC: EVP_MAC_final failed")
            }
            initializedCount = written
        }
    }

    private static func cString(_ text: StaticString) -> UnsafePointer<CChar> {
        UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self)
    }

    /// `OSSL_PARAM_construct_utf8_string` takes a mutable buffer because the same struct is used
    /// to receive values; for parameters that are only read, OpenSSL never writes through it.
    private static func mutableCString(_ text: StaticString) -> UnsafeMutablePointer<CChar> {
        UnsafeMutablePointer(mutating: cString(text))
    }
}

/// The HMAC implementation, fetched once per process because `EVP_MAC_fetch` searches the
/// provider tables and is far slower than the MAC itself.
///
/// `@unchecked Sendable` because it only wraps a pointer: an `EVP_MAC` is an immutable,
/// reference-counted method object that OpenSSL documents as safe to share between threads, and
/// every computation uses its own `EVP_MAC_CTX`. It lives for the whole process, so it is never
/// freed.
private struct FetchedHMAC: @unchecked Sendable {
    static let shared = FetchedHMAC()

    let mac: OpaquePointer

    private init() {
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else {
            preconditionFailure("HMAC: libcrypto has no HMAC implementation (EVP_MAC_fetch failed)")
        }
        self.mac = mac
    }
}
