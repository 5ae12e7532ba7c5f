import Testing
@testable import WebSocket

@Suite struct HandshakeTests {
    let sampleKey = "dGhlIHNhbXBsZSBub25jZQ=="

    func evaluate(
        method: String = "GET", httpVersion: String = "HTTP/1.1",
        upgrade: String? = "websocket", connection: String? = "Upgrade",
        version: String? = "13", key: String? = "dGhlIHNhbXBsZSBub25jZQ=="
    ) -> WebSocketHandshake.Outcome {
        WebSocketHandshake.evaluate(
            method: method, httpVersion: httpVersion, upgrade: upgrade, connection: connection,
            secWebSocketVersion: version, secWebSocketKey: key)
    }

    func status(_ outcome: WebSocketHandshake.Outcome) -> Int? {
        guard case .refuse(let refusal) = outcome else { return nil }
        return refusal.status
    }

    @Test func acceptsRFCExample() {
        #expect(evaluate() == .accept(secWebSocketAccept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="))
    }

    @Test func acceptsTokenListsCaseInsensitivelyAndLaterHTTP() {
        let outcome = evaluate(httpVersion: "HTTP/2.0", upgrade: " WebSocket ", connection: "keep-alive, UPGRADE", version: " 13 ", key: " \(sampleKey) ")
        #expect(outcome == .accept(secWebSocketAccept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="))
    }

    @Test func refusesNonGetWith405() {
        #expect(status(evaluate(method: "POST")) == 405)
        #expect(status(evaluate(method: "get")) == 405)
    }

    @Test(arguments: ["HTTP/1.0", "HTTP/0.9", "HTTP/1", "HTTP/x.1", "1.1", "HTTP/1.1.1"])
    func refusesOldOrMalformedHTTPVersion(_ version: String) {
        #expect(status(evaluate(httpVersion: version)) == 400)
    }

    @Test func refusesMissingOrWrongUpgrade() {
        #expect(status(evaluate(upgrade: nil)) == 400)
        #expect(status(evaluate(upgrade: "h2c")) == 400)
        #expect(status(evaluate(upgrade: "websockets")) == 400)
    }

    @Test func refusesMissingOrWrongConnection() {
        #expect(status(evaluate(connection: nil)) == 400)
        #expect(status(evaluate(connection: "keep-alive")) == 400)
        #expect(status(evaluate(connection: "upgraded")) == 400)
    }

    @Test func refusesOtherVersionsWith426AskingForVersionHeader() throws {
        for version in [nil, "8", "12", "14", "13, 8"] as [String?] {
            guard case .refuse(let refusal) = evaluate(version: version) else {
                Issue.record("version \(String(describing: version)) accepted")
                continue
            }
            #expect(refusal.status == 426)
            #expect(refusal.requiresVersionHeader)
        }
        guard case .refuse(let other) = evaluate(upgrade: nil) else { return }
        #expect(!other.requiresVersionHeader)
    }

    @Test(arguments: [
        nil, "", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZQ=", "dGhlIHNhbXBsZSBub25jZR==",
        "dGhlIHNhbXBsZSBub25jZQ==AAAA", "AAAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAA====",
        "dGhlIHNhbXBsZSBub25jZ!==", "dGhlIHNhbXBsZSBub25j=Q==",
    ] as [String?])
    func refusesKeysThatAreNotBase64OfSixteenBytes(_ key: String?) {
        #expect(status(evaluate(key: key)) == 400)
    }
}

@Suite struct Base64Tests {
    @Test func encodesRFC4648Vectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test func encodesEveryByteValueAndRoundTrips() {
        let bytes = (0...255).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        #expect(Base64.encode([0xFB, 0xFF]) == "+/8=")
    }

    @Test func decodingRejectsNonCanonicalInput() {
        for bad in ["Zg=", "Zh==", "Zm9=", "Z===", "====", "Zg==Zg==", "Zm-v", "Zm9v\n"] {
            #expect(Base64.decode(bad) == nil, "\(bad)")
        }
    }

    @Test func sha1MatchesKnownDigest() {
        #expect(SHA1.digest(Array("abc".utf8)).map(Base64.encode) == "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=")
    }
}
