import Auth
import JSON
import Testing
import TestSupport

@Suite("Tokens on the API")
struct TokenAuthTests {
    @Test func anAdminReadsAndChangesItsWebsite() async throws {
        try await withApp { app in
            let site = try app.createWebsite("Shop")
            for algorithm in HMACAlgorithm.allCases {
                let token = TestApp.token(website: site.id, secret: site.secret, algorithm: algorithm)
                let response = try app.request("GET", "/api/v1/website", headers: [("Authorization", "Bearer \(token)")])
                #expect(response.status == 200, "\(algorithm)")
                #expect(try response.json()["id"]?.stringValue == site.id)
                #expect(try response.json()["secret"] == nil)
            }
            let token = TestApp.token(website: site.id, secret: site.secret)
            let patched = try app.request("PATCH", "/api/v1/website", headers: [("Authorization", "Bearer \(token)")],
                                          json: #"{"name":"Renamed","widget":{"greeting":"Hello!"}}"#)
            #expect(patched.status == 200)
            #expect(try patched.json()["name"] == "Renamed")
            #expect(try patched.json()["widget"]?["greeting"] == "Hello!")
            #expect(try patched.json()["widget"]?["color"] == "#2563eb")
        }
    }

    /// The scheme is case-insensitive and may be followed by several spaces (RFC 9110 §11.1);
    /// anything else is no bearer token at all.
    @Test func theBearerSchemeIsReadAsHTTPDefinesIt() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let token = TestApp.token(website: site.id, secret: site.secret)
            let cases = [("Bearer \(token)", 200), ("bearer \(token)", 200), ("BEARER   \(token)", 200),
                         ("Basic \(token)", 401), ("Bearer", 401), ("Bearer ", 401), ("Bearer\(token)", 401),
                         ("Bearer \(token)x", 401), ("Bearerx \(token)", 401)]
            for (authorization, status) in cases {
                let response = try app.request("GET", "/api/v1/website", headers: [("Authorization", authorization)])
                #expect(response.status == status, "\(authorization.prefix(12))")
            }
        }
    }

    @Test func otherRolesAreForbidden() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            for role in ["agent", "bot", "visitor"] {
                let token = TestApp.token(website: site.id, secret: site.secret, role: role)
                let response = try app.request("GET", "/api/v1/website", headers: [("Authorization", "Bearer \(token)")])
                #expect(response.status == 403, "\(role)")
                #expect(response.errorCode == "forbidden")
            }
        }
    }

    @Test func everyBadTokenIsTheSame401() async throws {
        try await withApp { app in
            let site = try app.createWebsite("A")
            let other = try app.createWebsite("B")
            let good = TestApp.token(website: site.id, secret: site.secret)
            let parts = good.split(separator: ".")
            let tokens = [
                "",
                "not-a-token",
                TestApp.token(website: site.id, secret: other.secret),
                TestApp.token(website: "ws_doesnotexist", secret: site.secret),
                TestApp.token(website: site.id, secret: site.secret, expiresIn: -120),
                "\(parts[0]).\(parts[1]).\(parts[2].dropLast())\(parts[2].last == "A" ? "Q" : "A")",
                "eyJhbGciOiJub25lIn0.\(parts[1]).",
            ]
            var bodies: Set<String> = []
            for token in tokens {
                let response = try app.request("GET", "/api/v1/website", headers: [("Authorization", "Bearer \(token)")])
                #expect(response.status == 401, "\(token)")
                bodies.insert(response.text)
            }
            #expect(bodies.count == 1, "an unknown website must look exactly like a bad signature")
            let missing = try app.request("GET", "/api/v1/website")
            #expect(missing.status == 401)
        }
    }

    @Test func rotationInvalidatesOldTokens() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let old = TestApp.token(website: site.id, secret: site.secret)
            let rotated = try app.request("POST", "/api/v1/websites/\(site.id)/rotate-secret", headers: app.operatorHeader)
            let newSecret = try #require(try rotated.json()["secret"]?.stringValue)
            #expect(try app.request("GET", "/api/v1/website", headers: [("Authorization", "Bearer \(old)")]).status == 401)
            let fresh = TestApp.token(website: site.id, secret: newSecret)
            #expect(try app.request("GET", "/api/v1/website", headers: [("Authorization", "Bearer \(fresh)")]).status == 200)
        }
    }

    @Test func tenantsCannotReachEachOther() async throws {
        try await withApp { app in
            let first = try app.createWebsite("First")
            let second = try app.createWebsite("Second")
            let token = TestApp.token(website: first.id, secret: first.secret)
            let response = try app.request("GET", "/api/v1/website", headers: [("Authorization", "Bearer \(token)")])
            #expect(try response.json()["id"]?.stringValue == first.id)
            #expect(!response.text.contains(second.id))
            // A token claiming the other website but signed with this one's secret fails.
            let forged = TestApp.token(website: second.id, secret: first.secret)
            #expect(try app.request("GET", "/api/v1/website", headers: [("Authorization", "Bearer \(forged)")]).status == 401)
        }
    }
}
