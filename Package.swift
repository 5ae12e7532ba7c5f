// swift-tools-version: 6.0
import PackageDescription

// The layers of WebChatKit. Each target depends only on targets listed above it, and no target
// depends on a package: C libraries that ship with the OS come in through system library targets.
//
//   CPlatform  CCrypto  CSQLite  CZlib      Linux interfaces, libcrypto, libsqlite3, zlib
//   CLibPQ                                  libpq, PostgreSQL's client library
//   CTLS                                    libssl, OpenSSL's TLS (outbound HTTPS)
//   Clock                                   the wall clock (RFC 3339 times) and the one monotonic clock
//   Logging                                 log lines for every layer, rate-limited per message
//   JSON                                    strict JSON value, parser and encoder
//   Media                                   what an upload's bytes are: signatures, declared-type checks, image sizes
//   TimeZones                               UTC offsets of IANA zones from the system's tzdata (TZif and POSIX TZ rules)
//   Threads                                 POSIX threads for work that blocks
//   EventLoop                               epoll loops, sockets
//   HTTP                                    HTTP/1.1 server on the loops (knows nothing about chat)
//   WebSocket                               RFC 6455 handshake, frame codec, connections (knows nothing about chat)
//   StaticFiles                             Public/ files prepared once: type, ETag, gzip
//   OutboundHTTP                            a blocking HTTP/1.1 client with TLS and destination checks (knows nothing about chat)
//   Store                                   the store interface every backend implements: connections, rows, group commit
//   SQLiteStore                             SQLite: group-committing writer, readers, migrations
//   Postgres                                PostgreSQL through libpq: blocking connections, LISTEN/NOTIFY, pipelines
//   PostgresStore                           the store on PostgreSQL: group commit, readers, migrations under a lock, log ids in commit order
//   Auth                                    HMAC-signed JWTs, website secrets
//   Filters                                 the filter grammar: parsed once, compiled to SQL or evaluated
//   Chat                                    the domain: websites, chats, messages, read marks, event log
//   Realtime                                the hub: event log to WebSocket subscribers, typing, presence, polling
//   Webhooks                                webhook delivery: a reader of the event log per webhook, signed POSTs, retries
//   LoadGenerator                           `webchat bench`: keep-alive HTTP load, a WebSocket client, realtime load
//   App                                     routes, configuration, command line
//   webchat                                 the executable
//   FuzzTargets                             one check per parser, for libFuzzer and the corpus replay test
let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "WebChatKit",
    products: [
        .executable(name: "webchat", targets: ["webchat"]),
        .executable(name: "webchat-echo", targets: ["EchoServer"]),
        .executable(name: "webchat-host-app", targets: ["HostApp"]),
        .executable(name: "webchat-echo-bot", targets: ["EchoBot"]),
    ],
    targets: [
        .target(name: "CPlatform"),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CTLS", pkgConfig: "libssl", providers: [.apt(["libssl-dev"])]),
        .target(name: "Clock", swiftSettings: strict),
        .target(name: "Logging", dependencies: ["Clock"], swiftSettings: strict),
        .target(name: "JSON", swiftSettings: strict),
        .target(name: "Media", swiftSettings: strict),
        .target(name: "TimeZones", swiftSettings: strict),
        .target(name: "Threads", dependencies: ["CPlatform"], swiftSettings: strict),
        .target(name: "EventLoop", dependencies: ["CPlatform", "Clock", "Logging", "Threads"], swiftSettings: strict),
        .target(name: "HTTP", dependencies: ["EventLoop", "Logging", "Threads"], swiftSettings: strict),
        .target(name: "WebSocket", dependencies: ["CCrypto", "EventLoop", "HTTP"], swiftSettings: strict),
        .target(name: "StaticFiles", dependencies: ["CZlib", "Clock", "EventLoop", "Logging"], swiftSettings: strict),
        .target(name: "OutboundHTTP", dependencies: ["CTLS", "Clock"], swiftSettings: strict),
        .target(name: "Store", dependencies: ["Logging", "Threads"], swiftSettings: strict),
        .target(name: "SQLiteStore", dependencies: ["CSQLite", "Logging", "Store", "Threads"], swiftSettings: strict),
        .target(name: "Postgres", dependencies: ["CLibPQ", "Clock", "Logging"], swiftSettings: strict),
        .target(name: "PostgresStore", dependencies: ["Logging", "Postgres", "Store", "Threads"], swiftSettings: strict),
        .target(name: "Auth", dependencies: ["JSON", "CCrypto"], swiftSettings: strict),
        .target(name: "Filters", dependencies: ["JSON", "Store"], swiftSettings: strict),
        .target(name: "Chat", dependencies: ["Clock", "JSON", "Auth", "Logging", "Store", "Filters", "TimeZones"], swiftSettings: strict),
        .target(name: "Realtime", dependencies: ["Auth", "Chat", "Clock", "EventLoop", "Logging", "Filters", "JSON", "Store", "Threads", "WebSocket"],
                swiftSettings: strict),
        .target(name: "Webhooks", dependencies: ["Auth", "Chat", "Clock", "JSON", "Logging", "OutboundHTTP", "Store", "Threads"],
                swiftSettings: strict),
        .target(name: "LoadGenerator", dependencies: ["Clock", "JSON", "Threads", "EventLoop", "WebSocket"], swiftSettings: strict),
        // openapi.json links to docs/openapi.json: the document in docs/ is compiled into the server,
        // which serves it at GET /api/v1/openapi.json (one file, no copy to keep in step).
        .target(name: "App", dependencies: ["CPlatform", "Clock", "Logging", "Threads", "EventLoop", "HTTP", "Media", "StaticFiles", "Store", "SQLiteStore", "Postgres", "PostgresStore", "Auth", "Filters",
                                            "Chat", "JSON", "LoadGenerator", "OutboundHTTP", "Realtime", "WebSocket", "Webhooks"],
                resources: [.embedInCode("openapi.json")], swiftSettings: strict),
        .executableTarget(name: "webchat", dependencies: ["App"], swiftSettings: strict),
        .executableTarget(name: "EchoServer", dependencies: ["CPlatform", "EventLoop", "HTTP", "WebSocket"],
                          path: "Examples/EchoServer", swiftSettings: strict),
        .target(name: "ExampleSupport", dependencies: ["JSON"], path: "Examples/support", swiftSettings: strict),
        .executableTarget(name: "HostApp", dependencies: ["Auth", "CPlatform", "EventLoop", "ExampleSupport", "HTTP", "JSON"],
                          path: "Examples/host-app", exclude: ["README.md"], swiftSettings: strict),
        .executableTarget(name: "EchoBot", dependencies: ["Auth", "CPlatform", "EventLoop", "ExampleSupport", "HTTP", "JSON", "Threads"],
                          path: "Examples/echo-bot", exclude: ["README.md"], swiftSettings: strict),

        .target(name: "TestSupport", dependencies: ["Threads", "WebSocket"], path: "Tests/TestSupport", swiftSettings: strict),
        // A PostgreSQL server for tests (docs/CLUSTER.md): the one Tests/run.sh started, or one of its own.
        .target(name: "PostgresTestSupport", dependencies: ["Logging", "Postgres", "TestSupport"], path: "Tests/PostgresTestSupport",
                swiftSettings: strict),
        // The backend the domain and API tests run on (WEBCHAT_TEST_BACKEND), and fresh stores of it.
        .target(name: "StoreTestSupport", dependencies: ["Chat", "Logging", "Postgres", "PostgresStore", "PostgresTestSupport", "SQLiteStore",
                                                         "Store", "TestSupport"],
                path: "Tests/StoreTestSupport", swiftSettings: strict),
        .target(name: "BrowserSupport", dependencies: ["JSON", "TestSupport"], path: "Tests/BrowserSupport", swiftSettings: strict),
        .testTarget(name: "BrowserSupportTests", dependencies: ["BrowserSupport", "JSON", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "LoggingTests", dependencies: ["Logging"], swiftSettings: strict),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "LoadGenerator"], swiftSettings: strict),
        // Fixtures/ holds real image files made once by Fixtures/make-fixtures.sh; the tests read them.
        .testTarget(name: "MediaTests", dependencies: ["Media", "TestSupport"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "TimeZonesTests", dependencies: ["TimeZones", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "HTTPTests", dependencies: ["EventLoop", "HTTP", "Threads", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "WebSocketTests", dependencies: ["WebSocket", "HTTP", "EventLoop", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "StaticFilesTests", dependencies: ["EventLoop", "StaticFiles", "CZlib", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "StoreTests", dependencies: ["Store", "SQLiteStore", "Logging", "CSQLite", "Threads", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "PostgresTests", dependencies: ["CLibPQ", "Clock", "Logging", "Postgres", "PostgresTestSupport", "TestSupport", "Threads"],
                    swiftSettings: strict),
        .testTarget(name: "PostgresStoreTests", dependencies: ["PostgresStore", "Store", "Postgres", "PostgresTestSupport", "TestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "OutboundHTTPTests", dependencies: ["OutboundHTTP", "TestSupport", "Threads"], swiftSettings: strict),
        .testTarget(name: "AuthTests", dependencies: ["Auth"], swiftSettings: strict),
        .testTarget(name: "FiltersTests", dependencies: ["SQLiteStore", "StoreTestSupport", "Filters", "Chat", "Store", "JSON", "LoadGenerator", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "ChatTests", dependencies: ["SQLiteStore", "StoreTestSupport", "Chat", "Clock", "Auth", "Filters", "Store", "JSON", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "LoadGeneratorTests", dependencies: ["LoadGenerator", "JSON", "WebSocket", "TestSupport"], swiftSettings: strict),
        // Fuzzing (docs/FUZZING.md): one check per parser, shared by the corpus replay test and the fuzzer.
        .target(name: "FuzzTargets", dependencies: ["HTTP", "WebSocket", "Auth", "Filters", "JSON", "Chat", "Media", "SQLiteStore"],
                path: "Fuzz/Targets", swiftSettings: strict),
        .testTarget(name: "FuzzTargetsTests", dependencies: ["FuzzTargets", "LoadGenerator", "TestSupport"], swiftSettings: strict),
        // OpenAPI/schemathesis.toml configures the schemathesis run of OpenAPIToolTests.
        .testTarget(name: "AppTests", dependencies: ["SQLiteStore", "StoreTestSupport", "App", "Auth", "BrowserSupport", "Chat", "Clock", "JSON", "CTLS", "LoadGenerator", "OutboundHTTP", "Postgres", "PostgresTestSupport", "Realtime", "TestSupport", "Threads", "Webhooks"],
                    exclude: ["OpenAPI/schemathesis.toml"], swiftSettings: strict),
    ]
)

// The libFuzzer binary has no `main` (libFuzzer's runtime brings it), so an ordinary build could not
// link it: it is declared only when docs/benchmarks/fuzz.sh asks for it.
if Context.environment["WEBCHAT_FUZZ"] == "1" {
    package.targets.append(.executableTarget(name: "webchat-fuzz", dependencies: ["FuzzTargets"], path: "Fuzz/Entry",
                                             swiftSettings: strict))
}
