@testable import OutboundHTTP
import Testing

/// What a webhook URL may be and where the client may connect (contract §9's safety rules).
@Suite struct DestinationTests {
    @Test func urlsAreParsedStrictly() throws {
        let url = try OutboundURL("HTTPS://Hooks.Example.COM:8443/in?x=1")
        #expect(url.isHTTPS && url.host == "hooks.example.com" && url.port == 8443 && url.target == "/in?x=1")
        #expect(url.hostHeader == "hooks.example.com:8443")
        #expect(try OutboundURL("http://example.com").target == "/")
        #expect(try OutboundURL("https://example.com?q").target == "/?q")
        #expect(try OutboundURL("https://[2001:db8::1]/").host == "2001:db8::1")
        #expect(try OutboundURL("https://[2001:db8::1]/").hostHeader == "[2001:db8::1]")
        for bad in ["ftp://example.com/", "https://user:pw@example.com/", "https://example.com/#top", "https://exa mple.com/",
                    "https://example.com:0/", "https://example.com:99999/", "https://[::1/", "https://exa_mple.com/", "https:///x",
                    "https://example..com/", "https://ex\u{e4}mple.com/"] {
            #expect(throws: OutboundURL.Problem.self, "\(bad)") { try OutboundURL(bad) }
        }
    }

    @Test func specialPurposeAddressesAreNotPublic() throws {
        for address in ["127.0.0.1", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                        "0.0.0.0", "224.0.0.1", "239.255.255.250", "255.255.255.255", "198.18.0.1", "::1", "::", "fe80::1", "fc00::1",
                        "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.1.1.1", "64:ff9b::a00:1", "2002:a00:1::1"] {
            #expect(IPAddress(literal: address)?.isPublic == false, "\(address)")
        }
        for address in ["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8", "2002:808:808::1"] {
            #expect(IPAddress(literal: address)?.isPublic == true, "\(address)")
        }
    }

    @Test func rulesRefuseHTTPAndAnyPrivateAddressUnlessAllowed() throws {
        let strict = DestinationRules()
        #expect(throws: OutboundError.refusedScheme) { try strict.check(try OutboundURL("http://example.com/")) }
        let mixed = [IPAddress(literal: "8.8.8.8")!, IPAddress(literal: "10.0.0.1")!]
        #expect(throws: OutboundError.self) { try strict.check(mixed) }
        let lenient = DestinationRules(allowsHTTP: true, allowsPrivateAddresses: true)
        try lenient.check(try OutboundURL("http://example.com/"))
        try lenient.check(mixed)
        // A name is resolved once, to every address it has: localhost is loopback.
        let resolved = try IPAddress.resolve("localhost", port: 80)
        #expect(!resolved.isEmpty && resolved.allSatisfy { !$0.isPublic })
    }

    @Test func responseHeadsAreFramedStrictly() throws {
        let head = try ResponseHead(ArraySlice("HTTP/1.1 204 No Content\r\nContent-Length: 0".utf8))
        #expect(head.status == 204 && head.keepsAlive)
        #expect(try !ResponseHead(ArraySlice("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2".utf8)).keepsAlive)
        #expect(try !ResponseHead(ArraySlice("HTTP/1.1 200 OK".utf8)).keepsAlive, "no framing: read until close, not reused")
        #expect(try ResponseHead(ArraySlice("HTTP/1.1 204 No Content".utf8)).keepsAlive, "204 never has a body")
        #expect(try ResponseHead(ArraySlice("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked".utf8)).isChunked)
        for bad in ["HTTP/2 200 OK", "HTTP/1.1 2000 OK", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2", "garbage"] {
            #expect(throws: OutboundError.self, "\(bad)") { try ResponseHead(ArraySlice(bad.utf8)) }
        }
    }
}
