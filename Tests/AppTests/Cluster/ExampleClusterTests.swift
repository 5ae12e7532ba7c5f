import Glibc
import JSON
import Testing
import TestSupport

/// Issue 15, point 7: `Examples/cluster/run.sh` starts PostgreSQL, three nodes and nginx in
/// front; requests through nginx reach every node in turn, a WebSocket through it is upgraded and
/// delivers, and Ctrl-C leaves nothing running.
@Suite struct ExampleClusterTests {
    static let script: String = {
        let parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        return (parts.dropLast(4) + ["Examples", "cluster", "run.sh"]).joined(separator: "/")
    }()

    @Test func theExampleBalancesOverThreeNodesAndCtrlCStopsEverything() async throws {
        try await onThread {
            let operatorKey = "example-cluster-operator-key-0123456789"
            // Four ports in a row below the kernel's range for outgoing connections (from 32768),
            // picked at random: another test's server may hold one, so a start that fails is
            // tried again on other ports before the test fails.
            var started: (example: ChildProcess, front: Int)?
            var failures: [String] = []
            while started == nil && failures.count < 3 {
                let front = Int.random(in: 20_000...32_000)
                let example = try ChildProcess("/bin/bash", [Self.script], environment: [
                    "WEBCHAT_CLUSTER_PORT": "\(front)", "WEBCHAT": builtProduct("webchat"), "WEBCHAT_OPERATOR_KEY": operatorKey,
                ])
                if example.waitForListeningPort(timeoutSeconds: 300) == front {
                    started = (example, front)
                } else {
                    example.signal(SIGINT)
                    let status = example.wait()
                    failures.append("port \(front) (\(status)): \(example.standardOutput) \(example.standardError)")
                }
            }
            guard let (example, front) = started else {
                Issue.record("the example did not start: \(failures)")
                return
            }
            let nodePorts = Set((1...3).map { front + $0 })
            var stopped = false
            defer {
                if !stopped {
                    example.signal(SIGINT)
                    _ = example.wait()
                }
            }

            // Round-robin without stickiness: consecutive requests are answered by every node.
            var answeredBy: Set<Int> = []
            for _ in 0..<6 {
                let health = try httpRequest(port: front, "GET", "/healthz")
                #expect(health.status == 200)
                answeredBy.insert(Int(health.header("X-WebChat-Node")?.split(separator: ":").last ?? "") ?? 0)
            }
            #expect(answeredBy == nodePorts)

            let created = try TestApp.request(port: front, "POST", "/api/v1/websites", headers: [("Authorization", "Bearer \(operatorKey)")],
                                              json: #"{"name":"Behind nginx"}"#)
            #expect(created.status == 201)
            let website = try created.json()
            let site = (id: website["id"]?.stringValue ?? "", secret: website["secret"]?.stringValue ?? "")
            let admin = TestApp.token(website: site.id, secret: site.secret, role: "admin", sub: "admin")
            for node in nodePorts {
                try eventually("node \(node) to know the new website") {
                    try TestApp.Caller(port: node, token: admin).call("GET", "/api/v1/events").status == 200
                }
            }
            // A WebSocket through nginx (the upgrade proxied) gets a message sent through it too.
            let client = try RealtimeClient(port: front)
            try client.hello(admin)
            let visitor = TestApp.Caller(port: front, token: TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "v"))
            let sent = try visitor.sendMessage("through nginx")
            #expect(try client.events { $0.createdMessageID != nil }.last?.createdMessageID == sent["id"]?.stringValue)
            let chatID = sent["chat_id"]?.stringValue ?? ""
            for node in nodePorts {
                let messages = try TestApp.Caller(port: node, token: admin).expect(200, "GET", "/api/v1/chats/\(chatID)/messages")
                #expect(messages["messages"]?.arrayValue?.map { $0["text"]?.stringValue } == ["through nginx"], "node \(node)")
            }

            example.signal(SIGINT)
            #expect(example.wait() == 130)
            stopped = true
            for port in nodePorts.union([front]) {
                #expect(throws: RawClient.Failure.self, "something still listens on \(port)") { try RawClient(port: port) }
            }
            let files = example.standardOutput.split(separator: "\n").first { $0.contains("logs in") }?.split(separator: " ").last
            #expect(files != nil && directoryEntries(String(files ?? "")) == nil, "the example's files stay: \(example.standardOutput)")
        }
    }
}
