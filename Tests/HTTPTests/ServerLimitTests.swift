import Glibc
import HTTP
import Testing
import TestSupport

/// Every limit and refusal of the server, seen from a client: the right status, the application's
/// error format, `Connection: close`, and the connection really closed.
@Suite("HTTP server limits and refusals")
struct ServerLimitTests {
    static let refusals: [(name: String, request: String, status: Int)] = [
        ("request line", "GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: h\r\n\r\n", 414),
        ("header bytes", "GET / HTTP/1.1\r\nHost: h\r\nX-A: " + String(repeating: "a", count: 17000) + "\r\n\r\n", 431),
        ("header count", "GET / HTTP/1.1\r\nHost: h\r\n" + (0..<101).map { "X-\($0): v\r\n" }.joined() + "\r\n", 431),
        ("body size", "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2000000\r\n\r\n", 413),
        ("smuggling: CL and TE", "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("smuggling: two lengths", "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde", 400),
        ("smuggling: bad chunk", "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n", 400),
        ("smuggling: obs-fold", "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n\tb\r\n\r\n", 400),
        ("smuggling: space before colon", "GET / HTTP/1.1\r\nHost: h\r\nContent-Length : 3\r\n\r\nabc", 400),
        ("non-token method", "G(T / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("version", "GET / HTTP/3.0\r\nHost: h\r\n\r\n", 505),
        ("transfer coding", "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: br\r\n\r\n", 501),
    ]

    @Test(arguments: refusals)
    func refusedAndClosed(_ item: (name: String, request: String, status: Int)) async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            try client.send(item.request + "GET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n")
            let responses = try RawResponse.parseAll(client.readUntilClosed())
            #expect(responses.count == 1, "\(item.name): the request after a refusal must not be served")
            let response = try #require(responses.first)
            #expect(response.status == item.status, "\(item.name)")
            #expect(response.header("Connection") == "close")
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.header("X-Content-Type-Options") == "nosniff")
            #expect(response.text.hasPrefix("{\"error\":{\"code\":"))
        }
    }

    @Test func refusalComesAfterEarlierPipelinedAnswers() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            try client.send("GET /slow?ms=200 HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/9.9\r\nHost: h\r\n\r\n")
            let responses = try RawResponse.parseAll(client.readUntilClosed())
            #expect(responses.map(\.status) == [200, 505])
        }
    }

    @Test func headersMustArriveInTime() async throws {
        var limits = HTTPLimits()
        limits.headerTimeoutMilliseconds = 300
        try await withServer(limits: limits) { port in
            let client = try RawClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: h\r\n")
            let responses = try RawResponse.parseAll(client.readUntilClosed())
            #expect(responses.map(\.status) == [408])
        }
    }

    @Test func slowlorisDribblingHeadersIsCutOff() async throws {
        var limits = HTTPLimits()
        limits.headerTimeoutMilliseconds = 500
        try await withServer(limits: limits) { port in
            let client = try RawClient(port: port)
            // Keeps sending, but too slowly: progress does not extend the header deadline. The
            // dribble outlasts the deadline but ends within the server's linger time.
            try client.dribble("GET / HTTP/1.1\r\n", pauseMicroseconds: 80_000)
            let responses = try RawResponse.parseAll(client.readUntilClosed())
            #expect(responses.map(\.status) == [408])
        }
    }

    @Test func silentNewConnectionsAreClosedAfterTheHeaderTimeout() async throws {
        var limits = HTTPLimits()
        limits.headerTimeoutMilliseconds = 300
        try await withServer(limits: limits) { port in
            let client = try RawClient(port: port)
            #expect(client.readUntilClosed().isEmpty)
        }
    }

    @Test func idleKeepAliveConnectionsAreClosed() async throws {
        var limits = HTTPLimits()
        limits.idleTimeoutMilliseconds = 300
        try await withServer(limits: limits) { port in
            let client = try RawClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            #expect(client.isClosedByPeer())
        }
    }

    @Test func stalledBodiesTimeOut() async throws {
        var limits = HTTPLimits()
        limits.bodyTimeoutMilliseconds = 300
        try await withServer(limits: limits) { port in
            let client = try RawClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc")
            let responses = try RawResponse.parseAll(client.readUntilClosed())
            #expect(responses.map(\.status) == [408])
        }
    }

    @Test func tooManyPipelinedRequestsWaitInsteadOfPilingUp() async throws {
        var limits = HTTPLimits()
        limits.maxPipelinedRequests = 2
        try await withServer(limits: limits) { port in
            let client = try RawClient(port: port)
            let requests = (0..<20).map { "GET /slow?ms=\($0 % 3) HTTP/1.1\r\nHost: h\r\n\r\n" }.joined()
            try client.send(requests)
            let texts = try (0..<20).map { _ in try client.readResponse().text }
            #expect(texts == (0..<20).map { "slow \($0 % 3)" })
        }
    }

    @Test func oneBadClientDoesNotDisturbOthers() async throws {
        try await withServer(loops: 1) { port in
            let good = try RawClient(port: port)
            let bad = try RawClient(port: port)
            try bad.send("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n")
            try good.send("GET /ok HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try good.readResponse().text == "hello /ok")
            #expect(try RawResponse.parseAll(bad.readUntilClosed()).first?.status == 400)
            try good.send("GET /still HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try good.readResponse().text == "hello /still")
        }
    }
}
