import App
import Glibc
import Auth
import JSON
import Realtime
import StoreTestSupport
import TestSupport

/// A real server (store in a temporary directory, or a fresh PostgreSQL database when the tests
/// run on PostgreSQL: `TestBackend`; port 0) for one test. The test's client code
/// runs on a thread of its own, because raw sockets block.
struct TestApp: Sendable {
    static let operatorKey = "test-operator-key-0123456789"

    let port: Int
    /// `METHOD /path` of every route the server has.
    let routes: [String]
    let dataDirectory: String
    let publicDirectory: TemporaryDirectory

    var operatorHeader: [(String, String)] { [("Authorization", "Bearer \(Self.operatorKey)")] }

    func request(_ method: String, _ path: String, headers: [(String, String)] = [], json: String? = nil,
                 source: String? = nil) throws -> RawResponse {
        try Self.request(port: port, method, path, headers: headers, json: json, source: source)
    }

    /// A request to the server on `port`, with a JSON body when `json` is given. The answer must be
    /// one docs/openapi.json describes (`ResponseConformance`), whatever the test goes on to check.
    static func request(port: Int, _ method: String, _ path: String, headers: [(String, String)] = [], json: String? = nil,
                        source: String? = nil) throws -> RawResponse {
        var headers = headers
        if json != nil { headers.append(("Content-Type", "application/json")) }
        let response = try httpRequest(port: port, method, path, headers: headers, body: json, source: source)
        try ResponseConformance.require(method, path, response)
        return response
    }

    /// Creates a website through the operator API and returns its id and secret.
    func createWebsite(_ name: String = "Shop", origins: [String] = []) throws -> (id: String, secret: String) {
        let origins = origins.map { "\"\($0)\"" }.joined(separator: ",")
        let response = try request("POST", "/api/v1/websites", headers: operatorHeader,
                                   json: #"{"name":"\#(name)","allowed_origins":[\#(origins)]}"#)
        let body = try response.json()
        guard response.status == 201, let id = body["id"]?.stringValue, let secret = body["secret"]?.stringValue else {
            throw RawClient.Failure(description: "website creation failed: \(response.status) \(response.text)")
        }
        return (id, secret)
    }

    static func token(website: String, secret: String, role: String = "admin", sub: String = "user-1",
                      expiresIn: Int = 3600, algorithm: HMACAlgorithm = .hs256, scope: JSONObject? = nil, name: String? = nil) -> String {
        let now = Int(currentUnixTime())
        var claims: JSONObject = ["website": .string(website), "sub": .string(sub), "role": .string(role), "exp": .int(now + expiresIn)]
        if let scope { claims["scope"] = .object(scope) }
        if let name { claims["name"] = .string(name) }
        return TokenSigner.sign(claims: claims, secret: secret, algorithm: algorithm)
    }

    /// A principal of a website, ready to call the API of a server (of one node, in the cluster
    /// tests, where each call may go to another).
    struct Caller: Sendable {
        let port: Int
        let token: String
        /// The local address the calls come from (127.0.0.1 unless a test of per-address limits
        /// sets another loopback address).
        var source: String?

        init(port: Int, token: String, source: String? = nil) {
            self.port = port
            self.token = token
            self.source = source
        }

        init(app: TestApp, token: String, source: String? = nil) {
            self.init(port: app.port, token: token, source: source)
        }

        func call(_ method: String, _ path: String, json: String? = nil, headers: [(String, String)] = []) throws -> RawResponse {
            try TestApp.request(port: port, method, path, headers: [("Authorization", "Bearer \(token)")] + headers, json: json,
                                source: source)
        }

        /// Calls and parses the JSON answer, requiring `status`.
        func expect(_ status: Int, _ method: String, _ path: String, json: String? = nil) throws -> JSONValue {
            let response = try call(method, path, json: json)
            guard response.status == status else {
                throw RawClient.Failure(description: "\(method) \(path): expected \(status), got \(response.status) \(response.text)")
            }
            return response.body.isEmpty ? .null : try response.json()
        }
    }

    func caller(_ site: (id: String, secret: String), role: String, sub: String, scope: JSONObject? = nil, name: String? = nil) -> Caller {
        Caller(app: self, token: Self.token(website: site.id, secret: site.secret, role: role, sub: sub, scope: scope, name: name),
               source: nil)
    }
}

extension RawResponse {
    func json() throws -> JSONValue { try JSONValue(parsing: body) }

    /// The `code` of a contract error body.
    var errorCode: String? { (try? json())?["error"]?["code"]?.stringValue }
}

/// The repository's `Public/` directory, for tests that load the real embed files in a browser.
let repositoryPublicDirectory: String = {
    var path = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    path.removeLast(3)
    return path.joined(separator: "/") + "/Public"
}()

/// Copies the files under `source`, its folders included (Public/locales), into `directory`.
func copyFiles(under source: String, into directory: TemporaryDirectory, prefix: String = "") throws {
    for name in directoryEntries(source) ?? [] {
        let path = source + "/" + name
        if directoryEntries(path) != nil {
            try copyFiles(under: path, into: directory, prefix: prefix + name + "/")
        } else {
            try directory.write(prefix + name, try readFile(path))
        }
    }
}

/// Where a browser test saves a screenshot: the README's pictures in `docs/images/` when the run
/// was started with `WEBCHAT_SCREENSHOTS=1` (to refresh them), otherwise /tmp — a normal test run
/// never changes the repository.
func screenshotPath(_ name: String) throws -> String {
    let folder: String
    if getenv("WEBCHAT_SCREENSHOTS").map({ String(cString: $0) }) == "1" {
        folder = String(repositoryPublicDirectory.dropLast("Public".count)) + "docs/images"
    } else {
        folder = "/tmp/webchat-screenshots"
    }
    guard mkdir(folder, 0o755) == 0 || errno == EEXIST else {
        throw RawClient.Failure(description: "cannot create \(folder): errno \(errno)")
    }
    return folder + "/" + name
}

extension HubConfiguration {
    /// The hub as tests run it: staff go offline 5 s after their last connection closes (60 s
    /// in production), so tests of presence need not wait a minute; still fifty upkeeps, so a
    /// loaded machine's late upkeep (a busy writer) does not pass for a dead node, whose rows
    /// another node would delete. The grace itself has tests that set it longer.
    static var forTests: HubConfiguration {
        var configuration = HubConfiguration()
        configuration.presenceGraceMilliseconds = 5_000
        configuration.presenceUpkeepMilliseconds = 100
        return configuration
    }
}

/// Starts a real server for `body`. Its public directory holds small fixtures, or with
/// `publicFiles` the repository's `Public/` files plus the given pages (path → HTML).
func withApp(rateLimits: RateLimits = .unlimited, realtimeRateLimits: RealtimeRateLimits = .unlimited,
             realtime: HubConfiguration = .forTests, publicFiles: [String: String]? = nil, demo: Bool = false,
             configure: (inout ServeConfiguration) -> Void = { _ in }, _ body: @escaping @Sendable (TestApp) throws -> Void) async throws {
    try await withServer(rateLimits: rateLimits, realtimeRateLimits: realtimeRateLimits, realtime: realtime,
                         publicFiles: publicFiles, demo: demo, configure: configure) { app, _ in
        try await onThread { try body(app) }
    }
}

/// `withApp` for tests that also act on the server itself (close its store, stop it): `body`
/// runs as async code and gets the server too.
func withServer(rateLimits: RateLimits = .unlimited, realtimeRateLimits: RealtimeRateLimits = .unlimited,
                realtime: HubConfiguration = .forTests, publicFiles: [String: String]? = nil, demo: Bool = false,
                configure: (inout ServeConfiguration) -> Void = { _ in },
                _ body: @Sendable (TestApp, WebChatServer) async throws -> Void) async throws {
    let data = try TemporaryDirectory("webchat-data")
    let publicDirectory = try TemporaryDirectory("webchat-public")
    defer {
        data.remove()
        publicDirectory.remove()
    }
    if let publicFiles {
        try copyFiles(under: repositoryPublicDirectory, into: publicDirectory)
        for (path, contents) in publicFiles { _ = try publicDirectory.write(path, contents) }
    } else {
        try publicDirectory.write("widget.js", "console.log('widget');\n" + String(repeating: "// padding so gzip pays off\n", count: 200))
        try publicDirectory.write("index.html", "<!doctype html><title>WebChatKit</title>")
        try publicDirectory.write("styles/site.css", "body { color: black; }")
    }
    var configuration = ServeConfiguration.forTest(dataDirectory: data.path + "/store", publicDirectory: publicDirectory.path)
    configuration.rateLimits = rateLimits
    configuration.realtime = realtime
    configuration.realtimeRateLimits = realtimeRateLimits
    configuration.demo = demo
    configure(&configuration)
    // A test that gave a database shares it (nodes of a cluster); others get one of their own.
    guard configuration.database == nil else { return try await running(configuration, publicDirectory: publicDirectory, body) }
    try await withServerDatabase { [configuration] database in
        var configuration = configuration
        configuration.database = database
        try await running(configuration, publicDirectory: publicDirectory, body)
    }
}

/// Starts a server with exactly `configuration` (its store where that says, whatever backend the
/// tests run on), runs `body` with it, and stops it whatever `body` does.
func running<R>(_ configuration: ServeConfiguration, publicDirectory: TemporaryDirectory,
                _ body: (TestApp, WebChatServer) async throws -> R) async throws -> R {
    let server = try await WebChatServer.start(configuration)
    let app = TestApp(port: server.address.port, routes: server.routes, dataDirectory: configuration.dataDirectory,
                      publicDirectory: publicDirectory)
    do {
        let result = try await body(app, server)
        await server.stop(gracePeriodMilliseconds: 1000)
        return result
    } catch {
        await server.stop(gracePeriodMilliseconds: 1000)
        throw error
    }
}

extension ServeConfiguration {
    /// A server for one test: any free port, two loops, errors only in the log, the tests'
    /// operator key, no rate limits.
    static func forTest(dataDirectory: String, publicDirectory: String) -> ServeConfiguration {
        var configuration = ServeConfiguration()
        configuration.port = 0
        configuration.loopCount = 2
        configuration.dataDirectory = dataDirectory
        configuration.publicDirectory = publicDirectory
        configuration.logLevel = .error
        configuration.environment = ["WEBCHAT_OPERATOR_KEY": TestApp.operatorKey]
        configuration.rateLimits = .unlimited
        configuration.realtimeRateLimits = .unlimited
        return configuration
    }
}

extension RateLimits {
    /// Tests that are not about rate limits must not trip over them.
    static var unlimited: RateLimits {
        var limits = RateLimits()
        limits.writesPerSecond = 0
        limits.sessionsPerMinute = 0
        limits.websiteWritesPerSecond = 0
        return limits
    }
}

extension RealtimeRateLimits {
    /// Tests that are not about realtime limits must not trip over them (rate 0 turns a limit off).
    static var unlimited: RealtimeRateLimits {
        var limits = RealtimeRateLimits()
        let off = Limit(rate: 0, burst: 1)
        limits.hellosPerPrincipal = off
        limits.hellosPerAddress = off
        limits.pollsPerPrincipal = off
        limits.pollsPerAddress = off
        limits.typingPerPrincipal = off
        limits.commandsPerConnection = off
        return limits
    }
}
