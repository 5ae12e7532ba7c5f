import SQLiteStore
import JSON
import Testing
import TestSupport

@Suite("HTTP surface of the app")
struct HTTPSurfaceTests {
    @Test func healthReportsTheStore() async throws {
        try await withApp { app in
            let response = try app.request("GET", "/healthz")
            #expect(response.status == 200)
            #expect(try response.json() == ["status": "ok"])
            #expect(response.header("Content-Type") == "application/json; charset=utf-8")
        }
    }

    @Test func everyResponseSaysNosniff() async throws {
        try await withApp { app in
            let responses = [
                try app.request("GET", "/healthz"),
                try app.request("GET", "/widget.js"),
                try app.request("GET", "/missing.js"),
                try app.request("GET", "/api/v1/nothing"),
                try app.request("DELETE", "/healthz"),
                try app.request("GET", "/api/v1/websites"),
            ]
            for response in responses {
                #expect(response.header("X-Content-Type-Options") == "nosniff", "\(response.status)")
            }
        }
    }

    @Test func unknownPathsAndMethodsAreJSONErrors() async throws {
        try await withApp { app in
            let missing = try app.request("GET", "/api/v1/nothing")
            #expect(missing.status == 404)
            #expect(missing.errorCode == "not_found")
            let wrongMethod = try app.request("DELETE", "/api/v1/websites", headers: app.operatorHeader)
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.header("Allow") == "POST, GET, HEAD")
            #expect(wrongMethod.errorCode == "method_not_allowed")
            let staticPost = try app.request("POST", "/widget.js", json: "{}")
            #expect(staticPost.status == 405)
            #expect(staticPost.header("Allow") == "GET, HEAD")
            let missingFile = try app.request("GET", "/nope.js")
            #expect(missingFile.status == 404)
            #expect(missingFile.errorCode == "not_found")
        }
    }

    @Test func corsPreflightAndHeaders() async throws {
        try await withApp { app in
            let preflight = try app.request("OPTIONS", "/api/v1/chats", headers: [
                ("Origin", "https://shop.example"), ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "authorization, content-type"),
            ])
            #expect(preflight.status == 204)
            #expect(preflight.header("Access-Control-Allow-Origin") == "*")
            #expect(preflight.header("Access-Control-Allow-Methods")?.contains("PATCH") == true)
            #expect(preflight.header("Access-Control-Allow-Headers") == "Authorization, Content-Type")
            #expect(preflight.header("Access-Control-Allow-Credentials") == nil)
            let api = try app.request("GET", "/healthz")
            #expect(api.header("Access-Control-Allow-Origin") == nil, "CORS is for /api/ only")
            let error = try app.request("GET", "/api/v1/website", headers: [("Origin", "https://shop.example")])
            #expect(error.status == 401)
            #expect(error.header("Access-Control-Allow-Origin") == "*", "errors must be readable cross-origin too")
        }
    }

    @Test func malformedHTTPGetsTheContractErrorShape() async throws {
        try await withApp { app in
            let client = try RawClient(port: app.port)
            try client.send("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 400)
            #expect(response.errorCode == "bad_request")
            #expect(response.header("Connection") == "close")
            #expect(response.header("X-Content-Type-Options") == "nosniff")
            #expect(response.header("Access-Control-Allow-Origin") == "*", "a browser must be able to read the refusal")
        }
    }
}
