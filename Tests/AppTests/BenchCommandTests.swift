import Auth
import Glibc
import JSON
import Synchronization
import Testing
import TestSupport

/// `webchat bench` as a user runs it: real processes, a seeded data directory, a real server.
@Suite("webchat bench")
struct BenchCommandTests {
    let webchat = builtProduct("webchat")

    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String, error: String) {
        try ChildProcess.run(webchat, arguments, environment: environment)
    }

    @Test func explainsItself() async throws {
        try await onThread {
            for arguments in [["bench", "--help"], ["bench", "seed", "--help"], ["bench", "http", "--help"]] {
                let result = try run(arguments)
                #expect(result.status == 0, "\(arguments)")
                #expect(result.output.contains("webchat bench seed") && result.output.contains("--write-rate 0"), "\(arguments)")
            }
            #expect(try run(["help"]).output.contains("bench"))
        }
    }

    @Test func usageErrorsExitWithTwoAndCreateNothing() async throws {
        try await onThread {
            let never = "/tmp/webchat-bench-never-created-\(getpid())"
            let http = ["bench", "http", "--website", "ws_x", "--secret", "s"]
            for arguments in [["bench"], ["bench", "fly"], ["bench", "seed", "extra", "--chats", "1"], ["bench", "seed"],
                              ["bench", "seed", "--chats", "0"], ["bench", "seed", "--chats", "ten"], ["bench", "seed", "--chats", "5", "--seed", "-1"],
                              ["bench", "seed", "--chats", "5", "--batch", "0"], ["bench", "seed", "--chats", "5", "--url", "http://x"],
                              ["bench", "seed", "--chats", "5", "--json"], ["bench", "http", "--scenario", "list"],
                              http, http + ["--scenario", "fly"], http + ["--scenario", "list", "--url", "https://127.0.0.1"], http + ["--scenario", "list", "--url", "http://127.0.0.1:1,https://127.0.0.1"],
                              http + ["--scenario", "list", "--connections", "0"], http + ["--scenario", "list", "--duration", "0"],
                              http + ["--scenario", "list", "--warmup", "-1"], http + ["--scenario", "list", "--chats", "5"],
                              http + ["--scenario", "list", "--json=yes"]] {
                let result = try run(arguments + ["--data-dir", never])
                #expect(result.status == 2, "\(arguments)")
                #expect(result.error.contains("webchat:"), "\(arguments)")
            }
            #expect(access(never, F_OK) != 0, "a usage error must not create a data directory")
        }
    }

    @Test func seedsChatsAndLoadsAServerWithEveryScenario() async throws {
        let data = try TemporaryDirectory("webchat-bench")
        let publicDirectory = try TemporaryDirectory("webchat-bench-public")
        defer {
            data.remove()
            publicDirectory.remove()
        }
        try publicDirectory.write("index.html", "<!doctype html>")
        let seeded = try await onThread { try run(["bench", "seed", "--data-dir", data.path, "--chats", "300", "--messages", "3", "--projects", "20", "--batch", "128"]) }
        #expect(seeded.status == 0, "\(seeded.error)")
        #expect(seeded.error.contains("300 of 300 chats (900 messages)"))
        let output = try JSONValue(parsing: seeded.output.trimmingCharacters(in: "\n"))
        let website = try #require(output["website_id"]?.stringValue)
        let secret = try #require(output["secret"]?.stringValue)
        #expect(output["chats"] == 300 && output["messages"] == 900)

        let scenarios = ["list": 200, "range": 200, "search": 200, "send": 201]
        // The server is started, queried, loaded and stopped on a thread of its own: waiting for
        // a process blocks, and the cooperative pool must stay free for the other tests.
        let (chats, reports) = try await onThread { () -> ([JSONValue], [String: (status: Int32, output: String, error: String)]) in
            let server = try ChildProcess(webchat, ["serve", "--port", "0", "--data-dir", data.path, "--public-dir", publicDirectory.path,
                                                    "--write-rate", "0", "--log-level", "warning"])
            defer {
                server.signal(SIGTERM)
                _ = server.wait()
            }
            let line = try #require(server.waitForLine(containing: "listening on"))
            let url = String(try #require(line.split(separator: " ").last))
            let port = try #require(Int(url.split(separator: ":").last ?? ""))
            let token = TestApp.token(website: website, secret: secret, role: "agent", sub: "checker")
            let page = try httpRequest(port: port, "GET", "/api/v1/chats?limit=200&metadata__project_id__lte=20",
                                       headers: [("Authorization", "Bearer \(token)")])
            let chats = try #require(try page.json()["chats"]?.arrayValue)
            // The seeded messages are indexed: a word of one finds its chat, with a snippet.
            let seeded = try #require(chats.first)
            let word = try #require(seeded["last_message"]?["text"]?.stringValue?.split(separator: " ").first)
            let found = try httpRequest(port: port, "GET", "/api/v1/chats?q=\(word)&limit=200", headers: [("Authorization", "Bearer \(token)")])
            #expect(try found.json()["chats"]?.arrayValue?.contains { $0["id"] == seeded["id"] && $0["match"]?["snippet"] != nil } == true,
                    "\(found.text.prefix(300))")
            let reports = ReportBox()
            try onThreads(scenarios.count) { index in
                let name = scenarios.keys.sorted()[index]
                let result = try run(["bench", "http", "--url", url, "--website", website, "--scenario", name, "--connections", "2",
                                      "--duration", "1", "--warmup", "0", "--projects", "20", "--json"],
                                     environment: ["WEBCHAT_BENCH_SECRET": secret])
                reports.add(name, result)
            }
            return (chats, reports.all)
        }
        #expect(chats.count == 200, "every seeded chat is visible and carries its metadata")
        #expect(chats.allSatisfy { $0["metadata"]?["owner"]?["team"]?.stringValue != nil && $0["title"]?.stringValue?.isEmpty == false })
        for (name, status) in scenarios {
            let result = try #require(reports[name])
            #expect(result.status == 0, "\(name): \(result.error)")
            let report = try JSONValue(parsing: result.output.trimmingCharacters(in: "\n"))
            #expect(report["scenario"] == .string(name))
            #expect(report["statuses"]?.objectValue?.keys == [String(status)], "\(name): \(report)")
            #expect((report["statuses"]?[String(status)]?.intValue ?? 0) > 0, "\(name)")
            #expect(report["errors"] == [:], "\(name)")
            #expect(result.error.contains("latency (ms)"), "the table goes to standard error with --json")
        }
    }
}

/// The results of concurrent `bench http` processes, by scenario.
private final class ReportBox: Sendable {
    private let results = Mutex<[String: (status: Int32, output: String, error: String)]>([:])

    func add(_ name: String, _ result: (status: Int32, output: String, error: String)) {
        results.withLock { $0[name] = result }
    }

    var all: [String: (status: Int32, output: String, error: String)] { results.withLock { $0 } }
}
