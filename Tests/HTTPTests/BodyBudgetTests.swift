import Glibc
import HTTP
import Testing
import TestSupport

/// The shared budget of buffered request-body bytes (issue 13, point 6): many connections each
/// holding an unfinished body cannot make the server hold more than the budget, per client
/// address and in all; over it a body is refused with a 503 in the application's error format,
/// before any of its bytes are read, and a freed budget is used again.
@Suite("HTTP body budget")
struct BodyBudgetTests {
    static let mebibyte = 1024 * 1024

    /// Announces a 1 MiB body and waits for `100 Continue` (the server took the budget for it), then
    /// sends part of the body and stops. Returns the client, or the refusal.
    static func holdPartialBody(_ port: Int, from source: String) throws -> (client: RawClient, refusal: RawResponse?) {
        let client = try RawClient(port: port, source: source)
        try client.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: \(mebibyte)\r\nExpect: 100-continue\r\n\r\n")
        let first = try client.readResponse()
        guard first.status == 100 else { return (client, first) }
        try client.send([UInt8](repeating: 0x61, count: 1000))
        return (client, nil)
    }

    static func expectRefusal(_ refusal: RawResponse?, _ client: RawClient) {
        #expect(refusal?.status == 503)
        #expect(refusal?.header("Connection") == "close")
        #expect(refusal?.text.hasPrefix("{\"error\":{\"code\":") == true)
        #expect(client.isClosedByPeer())
    }

    @Test func partialBodiesAreBoundedPerAddressAndInAll() async throws {
        var limits = HTTPLimits()
        limits.maxBufferedBodyBytes = 4 * Self.mebibyte
        limits.maxBufferedBodyBytesPerAddress = 2 * Self.mebibyte
        try await withServer(limits: limits) { port in
            // Two whole bodies from one address fit; the third is refused before it is read.
            var held = [try Self.holdPartialBody(port, from: "127.0.0.1"), try Self.holdPartialBody(port, from: "127.0.0.1")]
            #expect(held.allSatisfy { $0.refusal == nil })
            let third = try Self.holdPartialBody(port, from: "127.0.0.1")
            Self.expectRefusal(third.refusal, third.client)
            // Requests without a body are still served from that address.
            let plain = try RawClient(port: port)
            try plain.send("GET /nothing HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try plain.readResponse().status == 204)

            // Another address has its own share, until the total is reached.
            held.append(try Self.holdPartialBody(port, from: "127.0.0.2"))
            held.append(try Self.holdPartialBody(port, from: "127.0.0.2"))
            #expect(held.allSatisfy { $0.refusal == nil })
            let overTotal = try Self.holdPartialBody(port, from: "127.0.0.3")
            Self.expectRefusal(overTotal.refusal, overTotal.client)

            // A held body that completes gives its bytes back: the next one is read whole.
            let finishing = held.removeFirst().client
            try finishing.send([UInt8](repeating: 0x61, count: Self.mebibyte - 1000))
            #expect(try finishing.readResponse().body.count == Self.mebibyte)
            let next = try Self.holdPartialBody(port, from: "127.0.0.3")
            #expect(next.refusal == nil)
            try next.client.send([UInt8](repeating: 0x61, count: Self.mebibyte - 1000))
            #expect(try next.client.readResponse().status == 200)
        }
    }

    @Test func aClosedConnectionGivesItsBytesBack() async throws {
        var limits = HTTPLimits()
        limits.maxBufferedBodyBytes = 0
        limits.maxBufferedBodyBytesPerAddress = Self.mebibyte
        try await withServer(limits: limits) { port in
            var first: RawClient? = try Self.holdPartialBody(port, from: "127.0.0.4").client
            let refused = try Self.holdPartialBody(port, from: "127.0.0.4")
            Self.expectRefusal(refused.refusal, refused.client)
            _ = first
            first = nil
            // Once the server has seen the close, the address's share is free again.
            var admitted = false
            for _ in 0..<500 where !admitted {
                admitted = try Self.holdPartialBody(port, from: "127.0.0.4").refusal == nil
                if !admitted { usleep(10_000) }
            }
            #expect(admitted)
        }
    }

    @Test func chunkedBodiesCountAsTheirChunksAreAnnounced() async throws {
        var limits = HTTPLimits()
        limits.maxBufferedBodyBytes = 0
        limits.maxBufferedBodyBytesPerAddress = 64 * 1024
        try await withServer(limits: limits) { port in
            let client = try RawClient(port: port, source: "127.0.0.5")
            try client.send("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n8000\r\n")
            try client.send([UInt8](repeating: 0x61, count: 0x8000) + Array("\r\n8001\r\n".utf8))
            let refusal = try client.readResponse()
            #expect(refusal.status == 503)
            // A chunked body inside the budget is served.
            let small = try RawClient(port: port, source: "127.0.0.6")
            try small.send("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
            #expect(try small.readResponse().text == "hello")
        }
    }
}
