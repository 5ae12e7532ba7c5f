import Testing
import TestSupport

/// docs/openapi.json checked by tools that know OpenAPI better than this repository:
/// openapi-spec-validator reads the document, schemathesis calls a live server with what the
/// document allows and forbids, as each kind of caller.
@Suite("OpenAPI tools")
struct OpenAPIToolTests {
    @Test func openAPISpecValidatorAcceptsTheDocument() async throws {
        try await withTemporaryDirectory("openapi-validator") { directory in
            let result = try await onThread {
                try PythonTools.run("openapi-spec-validator", [OpenAPIDocument.file], in: directory, timeoutSeconds: PythonTools.hangSeconds)
            }
            #expect(result.status == 0, "openapi-spec-validator: \(result.output)")
            #expect(result.output.contains("OK"), "\(result.output)")
        }
    }

    /// No 5xx, every answer of a status and schema the document lists, schema-violating input
    /// refused and valid input accepted (Tests/AppTests/OpenAPI/schemathesis.toml says where the
    /// document cannot tell), for an admin, an agent, a visitor and the operator. Each run is
    /// bounded in time (`--max-time`: 35 s for each kind of website token, 15 s for the operator,
    /// about 2 minutes in all): an idle machine tries more cases in that time, a loaded one fewer,
    /// and the suite's length does not depend on the machine. The seed is fixed, and a failure
    /// prints the request that reproduces it.
    ///
    /// schemathesis passes a run whose every call got 401, so each credential is shown to work
    /// first. The operator runs last: it may rotate the secret of any website, this one included.
    @Test func schemathesisFindsNothingAsAnyCaller() async throws {
        try await withApp(demo: true) { app in
            let site = try app.createWebsite()
            let callers: [(name: String, credential: String, probe: String, seconds: Int, filter: [String])] = [
                ("admin", TestApp.token(website: site.id, secret: site.secret, role: "admin", sub: "st-admin"), "/api/v1/website", 35, []),
                ("agent", TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "st-agent"), "/api/v1/chats", 35, []),
                ("visitor", TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "st-visitor"), "/api/v1/chats", 35, []),
                // The operator key opens only the operator's routes; website tokens get 401 there.
                ("operator", TestApp.operatorKey, "/api/v1/websites", 15, ["--include-tag", "Operator"]),
            ]
            for caller in callers {
                let response = try app.request("GET", caller.probe, headers: [("Authorization", "Bearer \(caller.credential)")])
                #expect(response.status == 200, "the \(caller.name)'s credential does not work: \(response.text)")
            }
            let configuration = repositoryRoot + "/Tests/AppTests/OpenAPI/schemathesis.toml"
            let directory = try TemporaryDirectory("schemathesis")
            defer { directory.remove() }
            for caller in callers {
                let result = try PythonTools.run("schemathesis", [
                    "--config-file", configuration, "run", "http://127.0.0.1:\(app.port)/api/v1/openapi.json",
                    "--header", "Authorization: Bearer \(caller.credential)", "--checks", "all", "--max-examples", "10",
                    "--max-time", String(caller.seconds), "--seed", "17", "--request-timeout", "10", "--no-color",
                ] + caller.filter, in: directory.path, timeoutSeconds: caller.seconds + PythonTools.hangSeconds)
                #expect(result.status == 0, "schemathesis as \(caller.name) (exit \(result.status)):\n\(result.output)")
            }
        }
    }
}
