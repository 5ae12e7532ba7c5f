@testable import App
import Glibc
import Testing
import TestSupport

/// What must stay with its owner (issue 13, point 10): the demo agent token with the demo page's
/// origin, and the operator key with the user that runs the server.
@Suite("Exposure")
struct ExposureTests {
    @Test func otherOriginsCannotReadTheDemoToken() async throws {
        try await withApp(demo: true) { app in
            let demo = try app.request("GET", "/api/v1/demo", headers: [("Origin", "https://evil.example")])
            #expect(demo.status == 200)
            #expect(demo.header("Access-Control-Allow-Origin") == nil)
            let preflight = try app.request("OPTIONS", "/api/v1/demo", headers: [
                ("Origin", "https://evil.example"), ("Access-Control-Request-Method", "GET"),
            ])
            #expect(preflight.header("Access-Control-Allow-Origin") == nil)
            #expect(preflight.header("Access-Control-Allow-Methods") == nil)
            // The rest of the API stays open to any origin (bearer tokens, no cookies).
            #expect(try app.request("GET", "/api/v1/chats", headers: [("Origin", "https://evil.example")])
                .header("Access-Control-Allow-Origin") == "*")
        }
    }

    @Test func anOperatorKeyOthersCanReadIsRefusedLikeSSHDoes() throws {
        let data = try TemporaryDirectory("webchat-key")
        defer { data.remove() }
        let path = data.path + "/" + OperatorKey.fileName
        #expect(try DataDirectoryFile.createLine("k-0123456789abcdef-0123456789", at: path))
        #expect(try OperatorKey.load(dataDirectory: data.path, environment: [:]).key == "k-0123456789abcdef-0123456789")
        for mode: mode_t in [0o644, 0o640, 0o604, 0o660] {
            chmod(path, mode)
            let error = #expect(throws: StartupError.self) { try OperatorKey.load(dataDirectory: data.path, environment: [:]) }
            #expect(error?.description.contains("chmod 600 \(path)") == true)
            #expect(error?.description.contains("0123456789abcdef") == false, "the message never shows the key")
        }
        chmod(path, 0o400)
        #expect(try OperatorKey.load(dataDirectory: data.path, environment: [:]).key == "k-0123456789abcdef-0123456789")
    }
}
