import Auth
import Glibc
import JSON
import Testing
import TestSupport

/// The `webchat` executable as an operator uses it: real processes, a real data directory.
@Suite("webchat command line")
struct CommandLineTests {
    let webchat = builtProduct("webchat")

    /// Runs the executable to completion; call it from a test thread (`onThread`), never from
    /// Swift's cooperative pool, which the servers under test need.
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String, error: String) {
        try ChildProcess.run(webchat, arguments, environment: environment)
    }

    @Test func everyCommandHasHelp() async throws {
        try await onThread {
            for arguments in [["--help"], ["help"], ["serve", "--help"], ["websites", "--help"], ["token", "--help"]] {
                let result = try run(arguments)
                #expect(result.status == 0, "\(arguments)")
                #expect(result.output.contains("Usage"), "\(arguments)")
            }
        }
    }

    /// The top-level help names every subcommand and every action, so none has to be guessed.
    @Test func theHelpListsEverySubcommandAndAction() async throws {
        try await onThread {
            let help = try run(["--help"]).output
            for command in ["serve", "websites", "token", "bench"] {
                #expect(help.contains("\n  \(command) "), "\(command)")
            }
            #expect(help.contains("create | list | update | rotate"))
            #expect(help.contains("seed | http | realtime"))
            let websites = try run(["websites", "--help"]).output
            #expect(websites.contains("webchat websites update WEBSITE_ID"))
            let bench = try run(["bench", "--help"]).output
            #expect(bench.contains("webchat bench realtime"))
        }
    }

    @Test func websitesUpdateChangesOriginsAndWidgetSettings() async throws {
        try await onThread {
            let data = try TemporaryDirectory("webchat-cli-update")
            defer { data.remove() }
            let created = try run(["websites", "create", "--name", "Shop", "--origin", "http://127.0.0.1:8000", "--data-dir", data.path])
            let id = try #require(try JSONValue(parsing: created.output.trimmingCharacters(in: "\n"))["id"]?.stringValue)

            let updated = try run(["websites", "update", id, "--origin", "http://localhost:8000", "--origin", "http://127.0.0.1:8000",
                                   "--title", "Ask us", "--color", "#0F766E", "--position", "left", "--data-dir", data.path])
            #expect(updated.status == 0, "\(updated.error)")
            let website = try JSONValue(parsing: updated.output.trimmingCharacters(in: "\n"))
            #expect(website["allowed_origins"] == ["http://localhost:8000", "http://127.0.0.1:8000"])
            #expect(website["name"] == "Shop")
            #expect(website["secret"] == nil, "update never prints the secret")
            // Only what was given changed: the greeting keeps its default.
            #expect(website["widget"]?["title"] == "Ask us")
            #expect(website["widget"]?["color"] == "#0f766e")
            #expect(website["widget"]?["greeting"] == "Hi! How can we help you today?")
            #expect(website["widget"]?["position"] == "left")
            #expect(website["widget"]?["locale"] == "en")

            let renamed = try JSONValue(parsing: try run(["websites", "update", id, "--name", "Corner shop", "--greeting", "",
                                                          "--data-dir", data.path]).output.trimmingCharacters(in: "\n"))
            #expect(renamed["name"] == "Corner shop")
            #expect(renamed["widget"]?["greeting"] == "")
            #expect(renamed["allowed_origins"] == ["http://localhost:8000", "http://127.0.0.1:8000"])
            let listed = try run(["websites", "list", "--data-dir", data.path]).output
            #expect(listed.contains("Corner shop") && listed.contains("Ask us"))

            // Mistakes name the option and change nothing.
            for (arguments, message) in [(["--position", "top"], "--position must be"), (["--color", "blue"], "--color must be"),
                                         (["--origin", "localhost:8000"], "--origin"), ([], "needs something to change")] {
                let refused = try run(["websites", "update", id] + arguments + ["--data-dir", data.path])
                #expect(refused.status == 2, "\(arguments)")
                #expect(refused.error.contains(message), "\(arguments): \(refused.error)")
            }
            #expect(try run(["websites", "update", "ws_missing", "--title", "x", "--data-dir", data.path]).status == 2)
            #expect(try run(["websites", "list", "--data-dir", data.path]).output.contains("Corner shop"))
        }
    }

    @Test func usageErrorsExitWithTwoAndCreateNothing() async throws {
        try await onThread {
            let never = "/tmp/webchat-usage-never-created-\(getpid())"
            for arguments in [["nope"], ["serve", "--port", "99999"], ["serve", "--bogus", "1"], ["serve", "--log-level", "loud"],
                              ["token", "--role", "visitor"], ["websites", "explode"], ["websites"], ["websites", "list"],
                              ["websites", "rotate", "ws_x"], ["token", "--website", "ws_x", "--role", "admin", "--sub", "a"],
                              ["token", "--website", "ws_x", "--role", "admin", "--sub", String(repeating: "é", count: 129)]] {
                let result = try run(arguments + ["--data-dir", never])
                #expect(result.status == 2, "\(arguments)")
                #expect(result.error.contains("webchat:"), "\(arguments)")
            }
            #expect(access(never, F_OK) != 0, "a usage error must not create a data directory")
            let serveMissingOption = try run(["serve", "--port"])
            #expect(serveMissingOption.status == 2)
        }
    }

    @Test func aShortOperatorKeyIsRefused() async throws {
        try await onThread {
            let data = try TemporaryDirectory("webchat-short-key")
            defer { data.remove() }
            let result = try run(["serve", "--port", "0", "--data-dir", data.path], environment: ["WEBCHAT_OPERATOR_KEY": "short"])
            #expect(result.status == 1)
            #expect(result.error.contains("at least 16 characters"))
        }
    }

    @Test func websitesCreateListRotateAndToken() async throws {
        try await onThread {
            let data = try TemporaryDirectory("webchat-cli")
            defer { data.remove() }
            let created = try run(["websites", "create", "--name", "Shop", "--origin", "https://shop.example", "--data-dir", data.path])
            #expect(created.status == 0, "\(created.error)")
            let website = try JSONValue(parsing: created.output.trimmingCharacters(in: "\n"))
            let id = try #require(website["id"]?.stringValue)
            let secret = try #require(website["secret"]?.stringValue)
            #expect(website["allowed_origins"] == ["https://shop.example"])

            let listed = try run(["websites", "list", "--data-dir", data.path])
            #expect(listed.status == 0)
            #expect(listed.output.contains(id))
            #expect(!listed.output.contains(secret))

            let token = try run(["token", "--website", id, "--role", "agent", "--sub", "agent-7", "--name", "Ada",
                                 "--scope", #"{"metadata":{"project_id":123}}"#, "--ttl", "600", "--data-dir", data.path])
            #expect(token.status == 0, "\(token.error)")
            let verified = try TokenVerifier().verify(token.output.trimmingCharacters(in: "\n"), now: currentUnixTime()) { $0 == id ? secret : nil }
            #expect(verified.principal.id == "agent-7")
            #expect(verified.principal.role == .agent)
            #expect(verified.principal.name == "Ada")
            #expect(verified.scope == ["metadata": ["project_id": 123]])
            #expect(verified.expiresAt - currentUnixTime() <= 600)

            let rotated = try run(["websites", "rotate", id, "--data-dir", data.path])
            #expect(rotated.status == 0)
            let newSecret = try #require(try JSONValue(parsing: rotated.output.trimmingCharacters(in: "\n"))["secret"]?.stringValue)
            #expect(newSecret != secret)
            #expect(throws: TokenRejection.badSignature) {
                try TokenVerifier().verify(token.output.trimmingCharacters(in: "\n"), now: currentUnixTime()) { $0 == id ? newSecret : nil }
            }
            #expect(try run(["websites", "rotate", "ws_missing", "--data-dir", data.path]).status == 2)
            #expect(try run(["token", "--website", "ws_missing", "--role", "admin", "--sub", "x", "--data-dir", data.path]).status == 2)
            #expect(try run(["websites", "create", "--name", "Bad", "--origin", "ftp://x", "--data-dir", data.path]).status == 2)
        }
    }

    @Test func serveAnnouncesItsURLKeepsTheOperatorKeySecretAndStopsCleanly() async throws {
        let data = try TemporaryDirectory("webchat-serve")
        let publicDirectory = try TemporaryDirectory("webchat-serve-public")
        defer {
            data.remove()
            publicDirectory.remove()
        }
        try publicDirectory.write("index.html", "<!doctype html><p>hi</p>")
        // Flags win over variables: WEBCHAT_PORT names a port that would fail, --port 0 wins.
        let server = try ChildProcess(webchat, ["serve", "--port", "0", "--data-dir", data.path + "/store",
                                                "--public-dir", publicDirectory.path, "--log-level", "debug"],
                                      environment: ["WEBCHAT_PORT": "1", "WEBCHAT_HOST": "127.0.0.1"])
        let line = try #require(try await onThread { server.waitForLine(containing: "listening on") })
        #expect(server.standardOutput.split(separator: "\n").count == 1, "one line on standard output")
        let port = try #require(Int(line.split(separator: ":").last ?? ""))
        #expect(line == "WebChatKit listening on http://127.0.0.1:\(port)")

        let keyPath = data.path + "/store/operator.key"
        var info = stat()
        #expect(stat(keyPath, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        let keyFile = try #require(readFile(keyPath))
        let key = keyFile.trimmingCharacters(in: "\n")
        #expect(key.count >= 32)

        try await onThread {
            let created = try httpRequest(port: port, "POST", "/api/v1/websites",
                                          headers: [("Authorization", "Bearer \(key)"), ("Content-Type", "application/json")],
                                          body: #"{"name":"Served"}"#)
            #expect(created.status == 201)
            let secret = try #require(try JSONValue(parsing: created.body)["secret"]?.stringValue)
            let id = try #require(try JSONValue(parsing: created.body)["id"]?.stringValue)
            let token = TokenSigner.sign(claims: ["website": .string(id), "sub": "a", "role": "admin",
                                                  "exp": .int(Int(currentUnixTime()) + 60)], secret: secret)
            #expect(try httpRequest(port: port, "GET", "/api/v1/website", headers: [("Authorization", "Bearer \(token)")]).status == 200)
            #expect(try httpRequest(port: port, "GET", "/api/v1/website", headers: [("Authorization", "Bearer \(token)x")]).status == 401)
            #expect(try httpRequest(port: port, "GET", "/healthz").status == 200)
            // A kept-alive connection is closed by SIGTERM, and the process exits 0.
            let client = try RawClient(port: port)
            try client.send("GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            server.signal(SIGTERM)
            #expect(client.isClosedByPeer())
            let logs = server.standardError
            #expect(!logs.contains(key), "the operator key must never be logged")
            #expect(!logs.contains(secret), "secrets must never be logged")
            #expect(!logs.contains(token), "tokens must never be logged")
        }
        let started = time(nil)
        #expect(try await onThread { server.wait() } == 0)
        #expect(time(nil) - started < 10)
        #expect(server.standardError.contains("operator key generated"))
        #expect(server.standardError.contains(keyPath))
        #expect(server.standardError.contains("token refused"), "debug logging is on")
        // The website creation (and the store's own writes) committed; the last line counts them.
        let stopped = try #require(server.standardError.split(separator: "\n").last { $0.contains(" stopped ") })
        let writes = stopped.split(separator: " ").first { $0.hasPrefix("writes=") }.flatMap { Int($0.dropFirst("writes=".count)) }
        #expect((writes ?? 0) >= 1, "\(stopped)")
        #expect(stopped.contains("failed_writes=0"))
    }

    @Test func aWebsiteCreatedByTheCLIReachesARunningServer() async throws {
        let data = try TemporaryDirectory("webchat-live")
        let publicDirectory = try TemporaryDirectory("webchat-live-public")
        defer {
            data.remove()
            publicDirectory.remove()
        }
        let server = try ChildProcess(webchat, ["serve", "--port", "0", "--data-dir", data.path, "--public-dir", publicDirectory.path],
                                      environment: ["WEBCHAT_OPERATOR_KEY": "operator-key-for-tests-123"])
        let line = try #require(try await onThread { server.waitForLine(containing: "listening on") })
        let port = try #require(Int(line.split(separator: ":").last ?? ""))
        let created = try await onThread { [webchat] in try ChildProcess.run(webchat, ["websites", "create", "--name", "Later", "--data-dir", data.path]) }
        let website = try JSONValue(parsing: created.output.trimmingCharacters(in: "\n"))
        let id = try #require(website["id"]?.stringValue)
        let secret = try #require(website["secret"]?.stringValue)
        let token = TokenSigner.sign(claims: ["website": .string(id), "sub": "a", "role": "admin",
                                              "exp": .int(Int(currentUnixTime()) + 60)], secret: secret)
        let status = try await onThread { () -> Int in
            for _ in 0..<50 {
                let response = try httpRequest(port: port, "GET", "/api/v1/website", headers: [("Authorization", "Bearer \(token)")])
                if response.status == 200 { return 200 }
                usleep(100_000)
            }
            return 401
        }
        #expect(status == 200)
        #expect(!server.standardError.contains("operator key generated"), "WEBCHAT_OPERATOR_KEY is used when set")
        server.signal(SIGINT)
        #expect(try await onThread { server.wait() } == 0)
    }
}

private func readFile(_ path: String) -> String? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let count = read(fd, &buffer, buffer.count)
    return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
}

extension String {
    func trimmingCharacters(in character: Character) -> String {
        String(drop(while: { $0 == character }).reversed().drop(while: { $0 == character }).reversed())
    }
}
