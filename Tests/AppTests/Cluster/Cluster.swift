import Glibc
import JSON
import Postgres
import PostgresTestSupport
import Testing
import TestSupport

/// Several `webchat serve` nodes on one PostgreSQL database and one data directory (for the
/// node-local files: the operator key comes from the environment), as an operator would run
/// them behind a load balancer (contract §12).
struct Cluster: Sendable {
    let nodes: [ClusterNode]

    /// Starts `count` nodes on `database`, runs `body`, and stops every node still running with
    /// SIGTERM, expecting each to exit cleanly. The first node starts alone, so that it runs the
    /// migrations and writes the data directory's files before the others read them.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    static func run<R>(_ count: Int, on database: PostgresTarget, _ body: (Cluster) throws -> R) throws -> R {
        let data = try TemporaryDirectory("webchat-cluster")
        var nodes: [ClusterNode] = []
        defer {
            for node in nodes where !node.hasEnded {
                let status = node.stop()
                #expect(status == 0, "node on port \(node.port) did not stop cleanly: \(node.process.standardError)")
            }
            data.remove()
        }
        for _ in 0..<count { nodes.append(try ClusterNode(database: database, dataDirectory: data.path)) }
        return try body(Cluster(nodes: nodes))
    }

    /// Creates a website through the first node's operator API, and returns once every node
    /// accepts its tokens: another node learns of a new website within a second (contract §12).
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func createWebsite() throws -> (id: String, secret: String) {
        let response = try TestApp.request(port: nodes[0].port, "POST", "/api/v1/websites",
                                           headers: [("Authorization", "Bearer \(ClusterNode.operatorKey)")], json: #"{"name":"Cluster"}"#)
        let body = try response.json()
        guard response.status == 201, let id = body["id"]?.stringValue, let secret = body["secret"]?.stringValue else {
            throw RawClient.Failure(description: "website creation failed: \(response.status) \(response.text)")
        }
        let token = TestApp.token(website: id, secret: secret, role: "bot", sub: "probe")
        for node in nodes {
            try eventually("node on port \(node.port) to know the new website") {
                try node.caller(token).call("GET", "/api/v1/events").status == 200
            }
        }
        return (id, secret)
    }
}

/// Runs `body` with a cluster of `count` nodes on a fresh database of the test server.
func withCluster(_ count: Int = 3, _ body: @escaping @Sendable (Cluster) throws -> Void) async throws {
    try await withAsyncTestDatabase { database in
        try await onThread { try Cluster.run(count, on: database, body) }
    }
}
