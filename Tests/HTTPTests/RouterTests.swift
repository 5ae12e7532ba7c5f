import HTTP
import Testing

@Suite("Router")
struct RouterTests {
    let router: Router<String> = {
        var router = Router<String>()
        router.add(.get, "/api/v1/websites", "list")
        router.add(.post, "/api/v1/websites", "create")
        router.add(.post, "/api/v1/websites/{id}/rotate-secret", "rotate")
        router.add(.get, "/healthz", "health")
        return router
    }()

    @Test func literalAndParameterRoutes() {
        guard case .found(let route, let parameters) = router.match(.post, "/api/v1/websites/ws_1/rotate-secret") else {
            Issue.record("expected a match")
            return
        }
        #expect(route == "rotate")
        #expect(parameters == ["id": "ws_1"])
    }

    /// A visitor id such as `jo hn+1/x` reaches its route as sent: decoded, `+` itself.
    @Test func parametersArePercentDecodedAndThoseThatAreNoTextMatchNothing() {
        guard case .found(_, let parameters) = router.match(.post, "/api/v1/websites/jo%20hn+1%2Fx%C3%A9/rotate-secret") else {
            Issue.record("expected a match")
            return
        }
        #expect(parameters == ["id": "jo hn+1/xé"])
        for bad in ["%", "%4", "%zz", "%00", "%C3", "%FF"] {
            guard case .notFound = router.match(.post, "/api/v1/websites/a\(bad)/rotate-secret") else {
                Issue.record("\(bad) must not match")
                continue
            }
        }
    }

    @Test func headFollowsGet() {
        guard case .found(let route, _) = router.match(.head, "/healthz") else {
            Issue.record("HEAD must reach the GET route")
            return
        }
        #expect(route == "health")
    }

    @Test func wrongMethodListsTheAllowedOnes() {
        guard case .methodNotAllowed(let allowed) = router.match(.delete, "/api/v1/websites") else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == [.get, .head, .post])
    }

    @Test func unknownPathsAreNotFound() {
        for path in ["/api/v1/websites/", "/api/v1/websites//rotate-secret", "/api/v1", "/healthz/x", "/"] {
            guard case .notFound = router.match(.get, path) else {
                Issue.record("\(path) must not match")
                continue
            }
        }
    }

    @Test func patternsAreListed() {
        #expect(router.patterns.map { "\($0.method) \($0.pattern)" } == [
            "GET /api/v1/websites", "POST /api/v1/websites", "POST /api/v1/websites/{id}/rotate-secret", "GET /healthz",
        ])
    }
}
