import JSON
import Testing
import TestSupport

@Suite("Operator API: websites")
struct OperatorAPITests {
    @Test func createListAndRotate() async throws {
        try await withApp { app in
            let created = try app.request("POST", "/api/v1/websites", headers: app.operatorHeader,
                                          json: ##"{"name":"Shop","allowed_origins":["https://Shop.example","http://localhost:3000"],"widget":{"color":"#FF0000"}}"##)
            #expect(created.status == 201)
            let website = try created.json()
            let id = try #require(website["id"]?.stringValue)
            #expect(id.hasPrefix("ws_"))
            #expect(website["name"] == "Shop")
            #expect(website["allowed_origins"] == ["https://shop.example", "http://localhost:3000"])
            #expect(website["widget"]?["color"] == "#ff0000")
            #expect(website["widget"]?["position"] == "right")
            #expect(website["created_at"]?.stringValue?.hasSuffix("Z") == true)
            let secret = try #require(website["secret"]?.stringValue)
            #expect(secret.utf8.count == 86)

            let listed = try app.request("GET", "/api/v1/websites", headers: app.operatorHeader)
            #expect(listed.status == 200)
            let websites = try #require(try listed.json()["websites"]?.arrayValue)
            #expect(websites.map { $0["id"] } == [.string(id)])
            #expect(websites.first?["secret"] == nil, "secrets are shown only on create and rotate")

            let rotated = try app.request("POST", "/api/v1/websites/\(id)/rotate-secret", headers: app.operatorHeader)
            #expect(rotated.status == 200)
            let newSecret = try #require(try rotated.json()["secret"]?.stringValue)
            #expect(newSecret != secret)
        }
    }

    @Test func theOperatorKeyIsRequired() async throws {
        try await withApp { app in
            for headers in [[], [("Authorization", "Bearer wrong-key")], [("Authorization", "Basic \(TestApp.operatorKey)")]] {
                let list = try app.request("GET", "/api/v1/websites", headers: headers)
                #expect(list.status == 401)
                #expect(list.errorCode == "unauthorized")
                let create = try app.request("POST", "/api/v1/websites", headers: headers, json: #"{"name":"x"}"#)
                #expect(create.status == 401)
            }
            let rotate = try app.request("POST", "/api/v1/websites/ws_unknown/rotate-secret", headers: [("Authorization", "Bearer nope")])
            #expect(rotate.status == 401)
        }
    }

    @Test func badBodiesAreRefusedAndStoreNothing() async throws {
        try await withApp { app in
            let cases: [(json: String?, contentType: String, status: Int, code: String)] = [
                (#"{"name":"Shop","colour":"red"}"#, "application/json", 400, "bad_field"),
                (#"{"allowed_origins":[]}"#, "application/json", 400, "bad_field"),
                (#"{"name":""}"#, "application/json", 400, "bad_field"),
                (#"{"name":"Shop","allowed_origins":["ftp://x"]}"#, "application/json", 400, "bad_field"),
                (#"{"name":"Shop","allowed_origins":["https://x.example/path"]}"#, "application/json", 400, "bad_field"),
                (#"{"name":"Shop","widget":{"position":"middle"}}"#, "application/json", 400, "bad_field"),
                (#"{"name":"Shop","widget":{"color":"red"}}"#, "application/json", 400, "bad_field"),
                (#"{"name":"Shop","widget":{"font":"x"}}"#, "application/json", 400, "bad_field"),
                (#"{"name":"Shop","name":"Twice"}"#, "application/json", 400, "bad_json"),
                (#"{"name":"Shop""#, "application/json", 400, "bad_json"),
                (#"["Shop"]"#, "application/json", 400, "bad_json"),
                (nil, "application/json", 400, "bad_json"),
                ("name=Shop", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
            ]
            for item in cases {
                var headers = app.operatorHeader
                headers.append(("Content-Type", item.contentType))
                let response = try httpRequest(port: app.port, "POST", "/api/v1/websites", headers: headers, body: item.json ?? "")
                #expect(response.status == item.status, "\(item.json ?? "empty")")
                #expect(response.errorCode == item.code, "\(item.json ?? "empty")")
            }
            let listed = try app.request("GET", "/api/v1/websites", headers: app.operatorHeader)
            #expect(try listed.json()["websites"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test func oversizedBodiesAre413() async throws {
        try await withApp { app in
            let huge = #"{"name":""# + String(repeating: "a", count: 1_100_000) + #""}"#
            let response = try app.request("POST", "/api/v1/websites", headers: app.operatorHeader, json: huge)
            #expect(response.status == 413)
            #expect(response.errorCode == "payload_too_large")
        }
    }

    @Test func rotatingAnUnknownWebsiteIs404() async throws {
        try await withApp { app in
            let response = try app.request("POST", "/api/v1/websites/ws_missing/rotate-secret", headers: app.operatorHeader)
            #expect(response.status == 404)
            #expect(response.errorCode == "not_found")
        }
    }
}
