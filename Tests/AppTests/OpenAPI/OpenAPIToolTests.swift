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
                try PythonTools.run("openapi-spec-validator", [OpenAPIDocument.file], in: directory, timeoutSeconds: 60)
            }
            #expect(result.status == 0, "openapi-spec-validator: \(result.output)")
            #expect(result.output.contains("OK"), "\(result.output)")
        }
    }

    /// No 5xx, every answer of a status and schema the document lists, schema-violating input
    /// refused and valid input accepted (Tests/AppTests/OpenAPI/schemathesis.toml says where the
    /// document cannot tell), for an admin, an agent, a visitor and the operator. Each run is
    /// bounded by examples per operation (with a fixed seed, so a failure can be replayed): the
    /// four cost about 90 s of CPU, about 100 s on an idle 2-core machine. The timeout only stops
    /// a run that hangs; a loaded machine may stretch a run well past its CPU time.
    ///
    /// schemathesis passes a run whose every call got 401, so each credential is shown to work
    /// first. The operator runs last: it may rotate the secret of any website, this one included.
    @Test func schemathesisFindsNothingAsAnyCaller() async throws {
        try await withApp(demo: true) { app in
            let site = try app.createWebsite()
            let callers: [(name: String, credential: String, probe: String, filter: [String])] = [
                ("admin", TestApp.token(website: site.id, secret: site.secret, role: "admin", sub: "st-admin"), "/api/v1/website", []),
                ("agent", TestApp.token(website: site.id, secret: site.secret, role: "agent", sub: "st-agent"), "/api/v1/chats", []),
                ("visitor", TestApp.token(website: site.id, secret: site.secret, role: "visitor", sub: "st-visitor"), "/api/v1/chats", []),
                // The operator key opens only the operator's routes; website tokens get 401 there.
                ("operator", TestApp.operatorKey, "/api/v1/websites", ["--include-tag", "Operator"]),
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
                    "--seed", "17", "--request-timeout", "10", "--no-color",
                ] + caller.filter, in: directory.path, timeoutSeconds: 300)
                #expect(result.status == 0, "schemathesis as \(caller.name) (exit \(result.status)):\n\(result.output)")
            }
        }
    }
}
