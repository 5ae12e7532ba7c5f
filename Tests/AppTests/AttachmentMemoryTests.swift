import Glibc
import JSON
import Synchronization
import Testing
import TestSupport

/// Issue 16, point 3: 50 concurrent uploads of 10 MiB grow the server's resident memory by less
/// than 64 MiB, because bodies stream to disk as they arrive. Measured on a `webchat serve` of
/// its own (a child process, so that no other test's memory counts): its peak resident set
/// (`VmHWM`, reset through `clear_refs` once the server is warm) against its resident set
/// before. Held in memory, the bodies alone would be 500 MiB.
@Suite struct AttachmentMemoryTests {
    static let operatorKey = "memory-test-operator-key-0123456789"
    static let mebibyte = 1024 * 1024

    @Test func fiftyConcurrentTenMebibyteUploadsGrowMemoryByLessThan64MiB() async throws {
        try await onThread {
            let data = try TemporaryDirectory("webchat-upload-memory")
            defer { data.remove() }
            let server = try ChildProcess(builtProduct("webchat"), ["serve", "--port", "0", "--data-dir", data.path, "--write-rate", "0",
                                                                    "--log-level", "warning", "--public-dir", repositoryPublicDirectory],
                                          environment: ["WEBCHAT_OPERATOR_KEY": Self.operatorKey])
            defer {
                server.signal(SIGTERM)
                _ = server.wait()
            }
            guard let port = server.waitForListeningPort() else {
                throw RawClient.Failure(description: "the server did not start: \(server.standardError)")
            }
            let created = try httpRequest(port: port, "POST", "/api/v1/websites",
                                          headers: [("Authorization", "Bearer \(Self.operatorKey)"), ("Content-Type", "application/json")],
                                          body: #"{"name":"Memory"}"#)
            let website = try JSONValue(parsing: created.body)
            let token = TestApp.token(website: website["id"]?.stringValue ?? "", secret: website["secret"]?.stringValue ?? "",
                                      role: "admin", sub: "uploader")
            let chat = try httpRequest(port: port, "POST", "/api/v1/chats",
                                       headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")], body: "{}")
            let chatID = try JSONValue(parsing: chat.body)["id"]?.stringValue ?? ""
            let line = Array("the quick brown fox jumps over the lazy dog 0123456789\n".utf8)
            let piece = (0..<(65536 / line.count + 1)).flatMap { _ in line }.prefix(65536).map { $0 }
            let size = 10 * Self.mebibyte

            @Sendable func upload() throws -> Int {
                let client = try RawClient(port: port, receiveTimeoutSeconds: 300)
                try client.send("POST /api/v1/chats/\(chatID)/attachments?name=log.txt HTTP/1.1\r\nHost: h\r\n"
                    + "Authorization: Bearer \(token)\r\nContent-Type: text/plain\r\nContent-Length: \(size)\r\n\r\n")
                for _ in 0..<(size / piece.count) { try client.send(piece) }
                return try client.readResponse().status
            }

            // Warm: threads, caches and the allocator's arenas that any upload brings up.
            #expect(try upload() == 201)
            let before = try #require(try Self.status(of: server.pid, "VmRSS"))
            try Self.resetPeak(of: server.pid)
            let statuses = Mutex<[Int]>([])
            try onThreads(50) { _ in
                let status = try upload()
                statuses.withLock { $0.append(status) }
            }
            let peak = try #require(try Self.status(of: server.pid, "VmHWM"))
            #expect(statuses.withLock { $0 } == [Int](repeating: 201, count: 50))
            let growth = peak - before
            #expect(growth < 64 * 1024, "resident memory grew by \(growth) KiB (from \(before) KiB)")
        }
    }

    /// A line of /proc/PID/status, in KiB.
    static func status(of pid: pid_t, _ field: String) throws -> Int? {
        let text = try readFile("/proc/\(pid)/status")
        let lines = String(decoding: text, as: UTF8.self).split(separator: "\n")
        return lines.first { $0.hasPrefix(field + ":") }.map { Int($0.filter(\.isNumber)) ?? 0 }
    }

    /// Makes `VmHWM` start over from the current resident set (proc(5), clear_refs value 5).
    static func resetPeak(of pid: pid_t) throws {
        let fd = open("/proc/\(pid)/clear_refs", O_WRONLY)
        guard fd >= 0 else { throw RawClient.Failure(description: "cannot open clear_refs: errno \(errno)") }
        defer { close(fd) }
        guard write(fd, "5", 1) == 1 else { throw RawClient.Failure(description: "cannot reset the peak: errno \(errno)") }
    }
}
