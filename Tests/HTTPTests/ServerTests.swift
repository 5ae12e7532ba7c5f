import Glibc
import HTTP
import Threads
import Testing
import TestSupport

@Suite("HTTP server over real sockets")
struct ServerTests {
    @Test func keepAliveServesManyRequestsOnOneConnection() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            for index in 0..<5 {
                try client.send("GET /n\(index) HTTP/1.1\r\nHost: h\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == "hello /n\(index)")
                #expect(response.header("X-Content-Type-Options") == "nosniff")
                #expect(response.header("Date") != nil)
                #expect(response.header("Connection") == nil)
            }
        }
    }

    @Test func pipelinedResponsesComeInRequestOrder() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            try client.send("GET /slow?ms=300 HTTP/1.1\r\nHost: h\r\n\r\nGET /fast HTTP/1.1\r\nHost: h\r\n\r\n"
                + "GET /later HTTP/1.1\r\nHost: h\r\n\r\n"
                + "GET /slow?ms=10 HTTP/1.1\r\nHost: h\r\n\r\nPOST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc")
            let texts = try (0..<5).map { _ in try client.readResponse().text }
            #expect(texts == ["slow 300", "hello /fast", "later", "slow 10", "abc"])
        }
    }

    @Test func requestDribbledOneByteAtATime() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            try client.dribble("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwxyz\r\n0\r\n\r\n")
            #expect(try client.readResponse().text == "wxyz")
        }
    }

    @Test func headHasNoBodyButTheLengthOfGet() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            try client.send("HEAD /abc HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
            let bytes = client.readUntilClosed()
            let parsed = try #require(try RawResponse.parseHead(bytes))
            #expect(parsed.response.status == 200)
            #expect(parsed.response.header("Content-Length") == "\("hello /abc".utf8.count)")
            #expect(parsed.trailing == 0)
        }
    }

    @Test func noContentHasNoLength() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            try client.send("GET /nothing HTTP/1.1\r\nHost: h\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 204)
            #expect(response.header("Content-Length") == nil)
        }
    }

    @Test func connectionCloseIsHonoured() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            try client.send("GET /a HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n")
            let responses = try RawResponse.parseAll(client.readUntilClosed())
            #expect(responses.map(\.text) == ["hello /a"])
            #expect(responses.first?.header("Connection") == "close")
        }
    }

    @Test func http10ClosesUnlessKeepAlive() async throws {
        try await withServer { port in
            let plain = try RawClient(port: port)
            try plain.send("GET /a HTTP/1.0\r\n\r\n")
            #expect(try RawResponse.parseAll(plain.readUntilClosed()).count == 1)

            let kept = try RawClient(port: port)
            try kept.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try kept.readResponse().header("Connection") == "keep-alive")
            try kept.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try kept.readResponse().text == "hello /b")
        }
    }

    @Test func expectContinueGetsAnInterimResponse() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
            let interim = try client.readResponse()
            #expect(interim.status == 100)
            try client.send("data")
            #expect(try client.readResponse().text == "data")
        }
    }

    @Test func halfClosedClientStillGetsItsAnswers() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            try client.send("GET /slow?ms=100 HTTP/1.1\r\nHost: h\r\n\r\nGET /x HTTP/1.1\r\nHost: h\r\n\r\n")
            client.shutdownWrite()
            let responses = try RawResponse.parseAll(client.readUntilClosed())
            #expect(responses.map(\.text) == ["slow 100", "hello /x"])
        }
    }

    @Test func largeResponsesToASlowReaderArriveWhole() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            try client.send("GET /big HTTP/1.1\r\nHost: h\r\n\r\nGET /after HTTP/1.1\r\nHost: h\r\n\r\n")
            usleep(200_000)
            let big = try client.readResponse()
            #expect(big.body.count == 3_000_000)
            #expect(try client.readResponse().text == "hello /after")
        }
    }

    @Test func manyConnectionsAtOnce() async throws {
        try await withServer { port in
            try onThreads(50) { index in
                let client = try RawClient(port: port)
                for round in 0..<10 {
                    try client.send("GET /c\(index)-\(round) HTTP/1.1\r\nHost: h\r\n\r\n")
                    #expect(try client.readResponse().text == "hello /c\(index)-\(round)")
                }
            }
        }
    }
}

@Suite("HTTP server shutdown")
struct ServerShutdownTests {
    @Test func stopFinishesRequestsInFlightThenRefusesConnections() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.loopCount = 2
        let handler = TestHandler()
        let server = try HTTPServer(configuration: configuration, handler: handler)
        let port = try server.start().port
        let client = try await onThread {
            let client = try RawClient(port: port)
            try client.send("GET /hold HTTP/1.1\r\nHost: h\r\n\r\n")
            while handler.gate.arrived == 0 { usleep(1000) }
            return client
        }
        let idle = try await onThread { try RawClient(port: port) }
        // A grace far beyond the test's own steps: a loaded machine may take seconds between the
        // listener closing and the release below, and the held request must still be answered.
        let stopped = Task.detached { await server.stop(gracePeriodMilliseconds: 120_000) }
        // The listening socket closes once every loop began to stop: from then on the held
        // request is in flight during shutdown, whatever the timing of the machine.
        try await onThread {
            while (try? RawClient(port: port)) != nil { usleep(1000) }
        }
        handler.gate.release()
        let responses = try await onThread { try RawResponse.parseAll(client.readUntilClosed()) }
        #expect(responses.map(\.text) == ["held"])
        #expect(responses.first?.header("Connection") == "close")
        #expect(try await onThread { idle.isClosedByPeer() })
        await stopped.value
        #expect(throws: (any Error).self) { try RawClient(port: port) }
    }

}

@Suite("HTTP server listening socket")
struct ListeningSocketTests {
    @Test func aPortInUseIsRefusedNotShared() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.loopCount = 2
        let first = try HTTPServer(configuration: configuration, handler: TestHandler())
        let port = try first.start().port
        configuration.port = port
        let second = try HTTPServer(configuration: configuration, handler: TestHandler())
        #expect(throws: SystemError.self) { _ = try second.start() }
        await first.stop(gracePeriodMilliseconds: 100)
    }
}
