import Auth
import Testing

/// Webhook secrets and signatures (contract §9) against the Standard Webhooks specification.
@Suite struct WebhookSignatureTests {
    /// The specification's published example (standard-webhooks/standard-webhooks,
    /// libraries/python/tests/test_webhooks.py `test_sign_function`, and the other libraries'
    /// tests): a receiver's library accepts what reproduces it.
    @Test func reproducesTheSpecificationsExample() throws {
        let key = try #require(WebhookSignature.key(of: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let signature = WebhookSignature.sign(key: key, id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1614265330,
                                              body: Array(#"{"test": 2432232314}"#.utf8))
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        // The secret without its prefix is the same key, as the libraries accept either.
        #expect(WebhookSignature.key(of: "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") == key)
    }

    @Test func aSecretIsThirtyTwoRandomBytesInStandardBase64() throws {
        let secret = WebhookSignature.generateSecret()
        #expect(secret.hasPrefix("whsec_"))
        #expect(secret.utf8.count == 6 + 44)
        #expect(try #require(WebhookSignature.key(of: secret)).count == 32)
        #expect(secret != WebhookSignature.generateSecret())
    }

    @Test func standardBase64RoundTripsAndRefusesOtherSpellings() {
        for length in 0..<10 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 97 + 251) }
            #expect(StandardBase64.decode(StandardBase64.encode(bytes)) == bytes)
        }
        #expect(StandardBase64.encode([0xFB, 0xFF]) == "+/8=")
        #expect(StandardBase64.decode("-_8=") == nil)
        #expect(StandardBase64.decode("+/8") == nil)
        #expect(StandardBase64.decode("+/9=") == nil)
        #expect(WebhookSignature.key(of: "whsec_not base64!") == nil)
    }
}
