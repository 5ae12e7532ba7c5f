@testable import App
import Auth
import Glibc
import JSON
import Testing
import TestSupport

/// Token times at the ends of `Int64` (issue 13, point 1): no claim value may stop the process,
/// and a token signed to "never expire" is honoured for the server's lifetime cap only.
@Suite("Token lifetime")
struct TokenLifetimeTests {
    static func token(_ site: (id: String, secret: String), role: String = "agent", _ times: JSONObject) -> String {
        var claims: JSONObject = ["website": .string(site.id), "sub": "a1", "role": .string(role)]
        for (key, value) in times { claims[key] = value }
        return TokenSigner.sign(claims: claims, secret: site.secret)
    }

    static let now = Int(currentUnixTime())

    @Test func extremeClaimsOverRESTAreAnsweredNeverFatal() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            func status(_ times: JSONObject) throws -> Int {
                try app.request("GET", "/api/v1/chats", headers: [("Authorization", "Bearer \(Self.token(site, times))")]).status
            }
            // PHP_INT_MAX as "never expires", with and without iat: inside the 30-day cap.
            #expect(try status(["exp": .int(Int.max)]) == 200)
            #expect(try status(["exp": .int(Int.max), "iat": .int(Self.now)]) == 200)
            #expect(try status(["exp": .int(Int.max), "nbf": .int(Int.min), "iat": .int(Self.now - 10)]) == 200)
            // Issued at the beginning of time: past any cap.
            #expect(try status(["exp": .int(Int.max), "iat": .int(Int.min)]) == 401)
            // Issued 31 days ago, "valid forever": past the 30-day cap.
            #expect(try status(["exp": .int(Int.max), "iat": .int(Self.now - 31 * 86400)]) == 401)
            #expect(try status(["exp": .int(Int.min)]) == 401)
            #expect(try status(["exp": .int(Int.max), "nbf": .int(Int.max)]) == 401)
            #expect(try status(["exp": .int(Int.max), "iat": .int(Int.max)]) == 401)
            // The server is still there.
            #expect(try app.request("GET", "/healthz").status == 200)
        }
    }

    @Test func aWebSocketWithANeverExpiringTokenClosesAtTheCap() async throws {
        try await withApp(configure: { $0.maxTokenLifetime = 100 }) { app in
            let site = try app.createWebsite()
            // Issued so that iat + cap + the 60 s leeway passes about 3 s from now.
            let issued = Int(currentUnixTime()) - 157
            let client = try app.realtime(Self.token(site, ["exp": .int(Int.max), "iat": .int(issued)]))
            // The session's once-a-second check runs with exp = Int64.max: it must neither trap
            // nor wait for that exp. It ends with token_expired and 4401 at the cap.
            let error = try client.nextReply()
            #expect(error["type"]?.stringValue == "error")
            #expect(error["code"]?.stringValue == "token_expired")
            #expect(client.closeCode() == 4401)
            #expect(try app.request("GET", "/healthz").status == 200)
        }
    }

    @Test func aWebSocketWithExtremeTimesStaysUpUntilItsCap() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let client = try app.realtime(Self.token(site, ["exp": .int(Int.max), "nbf": .int(Int.min), "iat": .int(Self.now)]))
            // Two ticks pass; the connection still answers.
            usleep(2_200_000)
            try client.send(#"{"type":"ping"}"#)
            #expect(try client.nextReply()["type"]?.stringValue == "pong")
        }
    }

    @Test func theCapIsAFlagAndAVariable() throws {
        #expect(try serveConfiguration(["--max-token-lifetime", "3600"]).maxTokenLifetime == 3600)
        #expect(try serveConfiguration([], environment: ["WEBCHAT_MAX_TOKEN_LIFETIME": "60"]).maxTokenLifetime == 60)
        #expect(try serveConfiguration(["--max-token-lifetime", "7"], environment: ["WEBCHAT_MAX_TOKEN_LIFETIME": "60"]).maxTokenLifetime == 7)
        #expect(try serveConfiguration([]).maxTokenLifetime == 30 * 86400)
        #expect(throws: UsageError.self) { try serveConfiguration(["--max-token-lifetime", "0"]) }
    }
}

/// `webchat serve`'s configuration from these arguments and variables, as the command reads them.
func serveConfiguration(_ arguments: [String], environment: [String: String] = [:]) throws -> ServeConfiguration {
    try ServeConfiguration(Arguments(arguments, known: ServeConfiguration.optionNames, flags: ServeConfiguration.flagNames),
                           environment: environment)
}
