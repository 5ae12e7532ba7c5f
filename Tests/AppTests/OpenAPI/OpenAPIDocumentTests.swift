import JSON
import Testing
import TestSupport

/// docs/openapi.json is what the server serves, describes exactly the router's routes, and the
/// check that holds every API test's answers to it (`ResponseConformance`) can fail.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    @Test func theServerServesTheDocumentInDocsWithoutAToken() async throws {
        try await withApp { app in
            let response = try app.request("GET", "/api/v1/openapi.json")
            #expect(response.status == 200)
            #expect(response.header("X-Content-Type-Options") == "nosniff")
            #expect(response.header("Content-Type") == "application/json; charset=utf-8")
            #expect(response.body == (try readFile(OpenAPIDocument.file)), "the served document differs from docs/openapi.json")
            let document = try response.json()
            #expect(document["openapi"] == "3.1.0")
            #expect(document["components"]?["securitySchemes"]?["websiteToken"]?["scheme"] == "bearer")
            #expect(document["paths"]?["/api/v1/openapi.json"]?["get"]?["security"] == [[:]])
        }
    }

    /// Every route is documented and every documented operation is a route. Demo mode adds the one
    /// route a server has only with `--demo`.
    @Test func theDocumentDescribesExactlyTheRoutesOfTheRouter() async throws {
        let documented = Set(try OpenAPIDocument.shared().operations)
        try await withApp(demo: true) { app in
            let routes = Set(app.routes)
            #expect(routes.count >= 20)
            for route in routes.subtracting(documented).sorted() {
                Issue.record("\(route) is a route the OpenAPI document does not describe")
            }
            for operation in documented.subtracting(routes).sorted() {
                Issue.record("\(operation) is in the OpenAPI document, but the server has no such route")
            }
        }
    }

    @Test func everyOperationNamesItsSecurityAndItsErrorsShareOneShape() throws {
        let document = try OpenAPIDocument.shared()
        for (path, item) in document.json["paths"]?.objectValue ?? [:] {
            for (method, operation) in item.objectValue ?? [:] {
                #expect(operation["security"]?.arrayValue != nil, "\(method) \(path) does not say who may call it")
                #expect(operation["operationId"]?.stringValue != nil, "\(method) \(path) has no operationId")
                for (status, response) in operation["responses"]?.objectValue ?? [:] where status.hasPrefix("4") || status.hasPrefix("5") {
                    let schema = document.resolved(response)["content"]?["application/json"]?["schema"]
                    #expect(schema == ["$ref": "#/components/schemas/Error"], "\(method) \(path) \(status) is not the Error shape")
                }
            }
        }
    }

    /// Every schema of the document, those of answers no test meets included, uses only what the
    /// conformance check implements, so its silence means conformance.
    @Test func theConformanceCheckImplementsEveryRuleTheDocumentUses() throws {
        let document = try OpenAPIDocument.shared()
        var schemas: [(String, JSONValue)] = (document.json["components"]?["schemas"]?.objectValue ?? [:]).map { ("#/components/schemas/\($0.key)", $0.value) }
        for (name, parameter) in document.json["components"]?["parameters"]?.objectValue ?? [:] {
            schemas.append(("#/components/parameters/\(name)", parameter["schema"] ?? .null))
        }
        for (path, item) in document.json["paths"]?.objectValue ?? [:] {
            for (method, operation) in item.objectValue ?? [:] {
                for (status, response) in operation["responses"]?.objectValue ?? [:] {
                    schemas.append(("\(method) \(path) \(status)", document.resolved(response)["content"]?["application/json"]?["schema"] ?? .null))
                }
            }
        }
        #expect(schemas.count > 50)
        #expect(JSONSchemaCheck.unsupportedRules(in: ["properties": ["a": ["if": [:]]]], at: "probe") == ["probe/properties/a/if is a keyword JSONSchemaCheck does not implement"])
        #expect(JSONSchemaCheck.unsupportedRules(in: ["pattern": "(unclosed"], at: "probe").count == 1)
        for (place, schema) in schemas {
            for problem in JSONSchemaCheck.unsupportedRules(in: schema, at: place) { Issue.record("\(problem)") }
        }
    }

    /// A real answer passes; the same answer changed in ways the document forbids does not.
    @Test func theConformanceCheckRefusesAnswersTheDocumentDoesNotDescribe() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let admin = app.caller(site, role: "admin", sub: "a1")
            let created = try admin.call("POST", "/api/v1/chats", json: #"{"title":"Order"}"#)
            #expect(try ResponseConformance.problems("POST", "/api/v1/chats", created).isEmpty)

            func changed(_ edit: (inout JSONObject) -> Void, status: Int = 201, headers: [(name: String, value: String)]? = nil) throws -> [String] {
                var chat = try created.json().objectValue ?? [:]
                edit(&chat)
                let response = RawResponse(status: status, headers: headers ?? created.headers, body: JSONValue.object(chat).encoded())
                return try ResponseConformance.problems("POST", "/api/v1/chats?x=1", response)
            }
            #expect(try changed { $0["status"] = "snoozed" }.contains { $0.contains("$.status") })
            #expect(try changed { $0["priority"] = 9 }.contains { $0.contains("$.priority") })
            #expect(try changed { $0["secret"] = "s" }.contains { $0.contains("secret is not a documented member") })
            #expect(try changed { $0["created_at"] = "yesterday" }.contains { $0.contains("$.created_at") })
            #expect(try changed { $0["title"] = nil }.contains { $0.contains("title is missing") })
            #expect(try changed({ _ in }, status: 202).contains { $0.contains("202 is not documented") })
            #expect(try !changed({ _ in }, headers: [("Content-Type", "text/html")]).isEmpty)

            let limited = RawResponse(status: 429, headers: [("Content-Type", "application/json")],
                                      body: Array(#"{"error":{"code":"rate_limited","message":"Slow down."}}"#.utf8))
            #expect(try ResponseConformance.problems("POST", "/api/v1/chats", limited) == ["the Retry-After header is missing"])
            let unknownPath = try app.request("GET", "/api/v1/nothing-here")
            #expect(try ResponseConformance.problems("GET", "/api/v1/nothing-here", unknownPath).isEmpty)
            #expect(try !ResponseConformance.problems("GET", "/api/v1/nothing-here", created).isEmpty)
        }
    }
}
