import HTTP
import Store

/// `GET /healthz` (contract §3): 200 only when the store answers a query.
enum HealthRoute {
    static func register(_ router: inout Router<Route>, _ app: AppContext) {
        router.add(.get, "/healthz", .async { _, _ in
            do {
                _ = try await app.store.read { database in try database.queryOne("SELECT 1") { $0.int(0) } }
            } catch {
                // The answer says only "unavailable"; the log keeps why.
                app.logger.failure("health check: the store did not answer", error, level: min(.warning, StoreError.logLevel(for: error)))
                throw APIError.unavailable
            }
            return JSONResponse.make(.ok, ["status": "ok"])
        })
    }
}
