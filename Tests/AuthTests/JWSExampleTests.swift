import Auth
import Testing

/// RFC 7515 Appendix A.1: the HS256 JWS example. Its key is raw bytes (the JWK's `k`), unlike a
/// website secret whose text is the key, so it is checked through HMAC and Base64URL directly.
@Suite struct JWSExampleTests {
    static let encodedHeader = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
    static let encodedPayload = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    static let encodedSignature = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    static let jwkK = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"

    @Test func headerAndPayloadDecodeToTheRFCOctets() throws {
        let header = try #require(Base64URL.decode(Self.encodedHeader))
        #expect(header == Array("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}".utf8))
        let payload = try #require(Base64URL.decode(Self.encodedPayload))
        #expect(payload == Array("{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}".utf8))
    }

    @Test func signatureOverTheSigningInputMatches() throws {
        let key = try #require(Base64URL.decode(Self.jwkK))
        #expect(key.count == 64)
        let signingInput = Array((Self.encodedHeader + "." + Self.encodedPayload).utf8)
        let code = HMAC.authenticationCode(.hs256, key: key, message: signingInput)
        #expect(Base64URL.encode(code) == Self.encodedSignature)
        let signature = try #require(Base64URL.decode(Self.encodedSignature))
        #expect(constantTimeEquals(code, signature))
    }

    @Test func signatureOfAnAlteredInputDiffers() throws {
        let key = try #require(Base64URL.decode(Self.jwkK))
        let signingInput = Array((Self.encodedHeader + "." + Self.encodedPayload + "A").utf8)
        let code = HMAC.authenticationCode(.hs256, key: key, message: signingInput)
        #expect(Base64URL.encode(code) != Self.encodedSignature)
    }
}
