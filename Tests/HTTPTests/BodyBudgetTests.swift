import Glibc
import HTTP
import Testing
import TestSupport

/// The shared budget of buffered request-body bytes (issue 13, point 6): many connections each
/// holding an unfinished body cannot make the server hold more than the budget, per client
/// address and in all; over it a body is refused with a 503 in the application's error format,
/// and a freed budget is used again. The budget is charged with the bytes that arrived, not with
/// the length announced, so announcing a large body and sending nothing costs nothing; and only
/// beyond a body's first 32 KiB, so a small request is never refused because others hold much.
@Suite("HTTP body budget")
struct BodyBudgetTests {
    static let kibibyte = 1024
    static let mebibyte = 1024 * 1024

    /// Announces a 1 MiB body, sends `bytes` of it and stops. Returns the client, and the refusal
    /// if the server answered within a second (a held body gets no answer).
    static func holdPartialBody(_ port: Int, from source: String, sending bytes: Int) throws -> (client: RawClient, refusal: RawResponse?) {
        let client = try RawClient(port: port, source: source, receiveTimeoutSeconds: 1)
        try client.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: \(mebibyte)\r\n\r\n")
        var sent = 0
        while sent < bytes {
            let piece = min(64 * kibibyte, bytes - sent)
            do {
                try client.send([UInt8](repeating: 0x61, count: piece))
            } catch {
                break  // refused and closed while sending: the answer is read below
            }
            sent += piece
        }
        return (client, try? client.readResponse())
    }

    static func expectRefusal(_ refusal: RawResponse?, _ client: RawClient, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(refusal?.status == 503, sourceLocation: sourceLocation)
        #expect(refusal?.header("Connection") == "close", sourceLocation: sourceLocation)
        #expect(refusal?.text.hasPrefix("{\"error\":{\"code\":") == true, sourceLocation: sourceLocation)
        #expect(client.isClosedByPeer(), sourceLocation: sourceLocation)
    }

    @Test func partialBodiesAreBoundedPerAddressAndInAll() async throws {
        var limits = HTTPLimits()
        limits.maxBufferedBodyBytes = 4 * Self.mebibyte
        limits.maxBufferedBodyBytesPerAddress = 2 * Self.mebibyte
        let part = 900 * Self.kibibyte
        try await withServer(limits: limits) { port in
            // Announcements cost nothing: many connections that announced 1 MiB and sent nothing
            // leave the whole budget to bodies that arrive.
            let promises = try (0..<20).map { _ in try Self.holdPartialBody(port, from: "127.0.0.7", sending: 0) }
            #expect(promises.allSatisfy { $0.refusal == nil })
            // Two bodies of 900 KiB from one address fit in its 2 MiB; a third is refused as its
            // bytes arrive.
            var held = [try Self.holdPartialBody(port, from: "127.0.0.1", sending: part),
                        try Self.holdPartialBody(port, from: "127.0.0.1", sending: part)]
            #expect(held.allSatisfy { $0.refusal == nil })
            let third = try Self.holdPartialBody(port, from: "127.0.0.1", sending: part)
            Self.expectRefusal(third.refusal, third.client)
            // Requests without a body, and small bodies, are still served from that address.
            let plain = try RawClient(port: port)
            try plain.send("GET /nothing HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try plain.readResponse().status == 204)
            let small = try RawClient(port: port)
            try small.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello")
            #expect(try small.readResponse().text == "hello")

            // Another address has its own share, until the total is reached.
            held.append(try Self.holdPartialBody(port, from: "127.0.0.2", sending: part))
            held.append(try Self.holdPartialBody(port, from: "127.0.0.2", sending: part))
            #expect(held.allSatisfy { $0.refusal == nil })
            let overTotal = try Self.holdPartialBody(port, from: "127.0.0.3", sending: part)
            Self.expectRefusal(overTotal.refusal, overTotal.client)
            // The budget is used up, and a small body from a fourth address is still served.
            let bystander = try RawClient(port: port, source: "127.0.0.8")
            try bystander.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello")
            #expect(try bystander.readResponse().text == "hello")

            // A held body that completes gives its bytes back: the next one is taken whole.
            let finishing = held.removeFirst().client
            try finishing.send([UInt8](repeating: 0x61, count: Self.mebibyte - part))
            #expect(try finishing.readResponse().body.count == Self.mebibyte)
            let next = try Self.holdPartialBody(port, from: "127.0.0.3", sending: part)
            #expect(next.refusal == nil)
            try next.client.send([UInt8](repeating: 0x61, count: Self.mebibyte - part))
            #expect(try next.client.readResponse().status == 200)
        }
    }

    @Test func aClosedConnectionGivesItsBytesBack() async throws {
        var limits = HTTPLimits()
        limits.maxBufferedBodyBytes = 0
        limits.maxBufferedBodyBytesPerAddress = Self.mebibyte
        let part = 600 * Self.kibibyte
        try await withServer(limits: limits) { port in
            var first: RawClient? = try Self.holdPartialBody(port, from: "127.0.0.4", sending: part).client
            let refused = try Self.holdPartialBody(port, from: "127.0.0.4", sending: part)
            Self.expectRefusal(refused.refusal, refused.client)
            _ = first
            first = nil
            // Once the server has seen the close, the address's share is free again.
            var admitted = false
            for _ in 0..<100 where !admitted {
                admitted = try Self.holdPartialBody(port, from: "127.0.0.4", sending: part).refusal == nil
                if !admitted { usleep(50_000) }
            }
            #expect(admitted)
        }
    }

    @Test func chunkedBodiesCountAsTheirBytesArrive() async throws {
        var limits = HTTPLimits()
        limits.maxBufferedBodyBytes = 0
        limits.maxBufferedBodyBytesPerAddress = 16 * 1024
        try await withServer(limits: limits) { port in
            // The first 32 KiB are not charged; 32 KiB more are past the address's 16 KiB.
            let client = try RawClient(port: port, source: "127.0.0.5")
            try client.send("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n8000\r\n")
            try client.send([UInt8](repeating: 0x61, count: 0x8000) + Array("\r\n8001\r\n".utf8))
            try client.send([UInt8](repeating: 0x61, count: 0x8001))
            let refusal = try client.readResponse()
            #expect(refusal.status == 503)
            // A chunked body inside the budget is served.
            let small = try RawClient(port: port, source: "127.0.0.6")
            try small.send("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
            #expect(try small.readResponse().text == "hello")
        }
    }
}
