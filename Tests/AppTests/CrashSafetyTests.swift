import Glibc
import JSON
import Synchronization
import Testing
import TestSupport

/// Issue 7, point 2: a burst of sends from several clients, the server killed with SIGKILL in
/// the middle, restarted on the same data directory — every acknowledged message is there, seq
/// has no gaps, every message has its event, and nothing half-written shows.
@Suite struct CrashSafetyTests {
    static let operatorKey = "crash-test-operator-key-0123456789"

    /// Starts `webchat serve` on a free port over `data`; returns the process and its port.
    static func serve(_ data: String) throws -> (process: ChildProcess, port: Int) {
        let process = try ChildProcess(builtProduct("webchat"), ["serve", "--port", "0", "--data-dir", data, "--write-rate", "0",
                                                                 "--log-level", "warning", "--public-dir", repositoryPublicDirectory],
                                       environment: ["WEBCHAT_OPERATOR_KEY": operatorKey])
        guard let port = process.waitForListeningPort() else {
            throw RawClient.Failure(description: "the server did not start: \(process.standardError)")
        }
        return (process, port)
    }

    @Test func everyAcknowledgedMessageSurvivesSIGKILL() async throws {
        try await onThread {
            let data = try TemporaryDirectory("webchat-crash")
            defer { data.remove() }
            let (first, firstPort) = try Self.serve(data.path)
            let created = try httpRequest(port: firstPort, "POST", "/api/v1/websites",
                                          headers: [("Authorization", "Bearer \(Self.operatorKey)"), ("Content-Type", "application/json")],
                                          body: #"{"name":"Crash"}"#)
            let website = try JSONValue(parsing: created.body)
            let site = (id: website["id"]?.stringValue ?? "", secret: website["secret"]?.stringValue ?? "")
            let senders = 5
            let tokens = (0..<senders).map { TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "v\($0)") }

            // Each sender posts until the server is gone; acknowledged sends are remembered.
            let acknowledged = Mutex<[String: [Int]]>([:])   // message id -> [seq]
            let ackCount = Atomic<Int>(0)
            let killed = Atomic<Bool>(false)
            try onThreads(senders + 1) { index in
                if index == senders {
                    while ackCount.load(ordering: .acquiring) < 200 { usleep(1000) }
                    first.signal(SIGKILL)
                    killed.store(true, ordering: .releasing)
                    return
                }
                var chatID: String?
                for number in 0..<100 {
                    let body = chatID.map { _ in #"{"text":"m\#(number)","client_id":"c\#(index)-\#(number)"}"# }
                        ?? #"{"text":"m\#(number)","client_id":"c\#(index)-\#(number)","metadata":{"sender":\#(index)}}"#
                    let path = chatID.map { "/api/v1/chats/\($0)/messages" } ?? "/api/v1/messages"
                    guard let response = try? httpRequest(port: firstPort, "POST", path,
                                                          headers: [("Authorization", "Bearer \(tokens[index])"),
                                                                    ("Content-Type", "application/json")], body: body),
                          response.status == 201, let answer = try? JSONValue(parsing: response.body) else { return }
                    let message = answer["message"] ?? answer
                    chatID = chatID ?? message["chat_id"]?.stringValue
                    acknowledged.withLock { $0[message["id"]?.stringValue ?? "", default: []].append(message["seq"]?.intValue ?? 0) }
                    ackCount.add(1, ordering: .acquiringAndReleasing)
                }
            }
            let wasKilled = killed.load(ordering: .acquiring)
            #expect(wasKilled)
            _ = first.wait()

            let (server, port) = try Self.serve(data.path)
            defer {
                server.signal(SIGTERM)
                _ = server.wait()
            }
            let admin = TestApp.Caller(port: port, token: TestApp.token(website: site.id, secret: site.secret, role: "admin", sub: "boss"))
            let stored = try admin.storedMessages()
            let acked = acknowledged.withLock { $0 }
            #expect(acked.count >= 200)
            for (id, seqs) in acked {
                #expect(stored[id] == seqs.first, "acknowledged message \(id) is missing after the crash")
            }
            // Every stored message has its event in the log, and the log has nothing else.
            let eventMessages = Set(try admin.log().compactMap(\.createdMessageID))
            #expect(eventMessages == Set(stored.keys))
            #expect(stored.count >= acked.count)
        }
    }
}
