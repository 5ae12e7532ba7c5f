import Auth
import Testing

@Suite struct WebsiteSecretTests {
    @Test func isSixtyFourRandomBytesAsBase64URL() throws {
        let secret = WebsiteSecret.generate()
        #expect(secret.utf8.count == 86)
        let bytes = try #require(Base64URL.decode(secret))
        #expect(bytes.count == 64)
    }

    @Test func everySecretIsNew() {
        #expect(WebsiteSecret.generate() != WebsiteSecret.generate())
    }
}
