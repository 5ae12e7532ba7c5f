// swift-tools-version: 6.0
import PackageDescription

// Layers, each depending only on those above it:
//   CPlatform, CCrypto, CSQLite, CZlib   C interfaces of the OS (no package dependencies)
//   JSON                                 strict JSON value, parser and encoder
//   Auth                                 HMAC-signed JWTs (libcrypto), website secrets
//   EventLoop                            epoll loops, sockets, threads
//   HTTP                                 HTTP/1.1 server on the loops (knows nothing about chat)
let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "WebChatKit",
    products: [],
    targets: [
        .target(name: "CPlatform"),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "JSON", swiftSettings: strict),
        .target(name: "Auth", dependencies: ["JSON", "CCrypto"], swiftSettings: strict),
        .target(name: "EventLoop", dependencies: ["CPlatform"], swiftSettings: strict),
        .target(name: "HTTP", dependencies: ["EventLoop", "CPlatform"], swiftSettings: strict),
        .target(name: "TestSupport", dependencies: ["EventLoop"], path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: strict),
        .testTarget(name: "AuthTests", dependencies: ["Auth"], swiftSettings: strict),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "TestSupport"], swiftSettings: strict),
    ]
)
