import HTTP
import Store

/// `GET /healthz` (contract §3): 200 only when the store answers a query.
enum HealthRoute {
    static func register(_ router: inout Router<Route>, _ app: AppContext) {
        router.add(.get, "/healthz", .async { _, _ in
            do {
                _ = try await app.store.read { database in try database.queryOne("SELECT 1") { $0.int(0) } }
            } catch {
                // The answer says only "unavailable"; the log keeps why, unless the store has
                // logged already that the database is lost.
                app.logger.failure("health check: the store did not answer", error,
                                   level: StoreError.logLevel(for: error, otherwise: .warning))
                throw APIError.unavailable
            }
            return JSONResponse.make(.ok, ["status": "ok"])
        })
    }
}
