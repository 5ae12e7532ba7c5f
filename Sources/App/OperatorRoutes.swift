import Logging
import Auth
import Chat
import HTTP
import JSON

/// Website management with the operator key (contract §3): create, list, rotate a secret.
enum OperatorRoutes {
    static func register(_ router: inout Router<Route>, _ app: AppContext) {
        router.add(.post, "/api/v1/websites", .async { request, _ in
            try app.authenticateOperator(request)
            let changes = try readChanges(request)
            let record: Websites.Record
            do {
                record = try await app.websites.create(changes)
            } catch let error as ValidationError {
                throw APIError.invalid(error)
            }
            app.directory.remember(record)
            app.logger.info("website created", ["website": record.website.id])
            return JSONResponse.make(.created, record.website.json(secret: record.secret))
        })
        router.add(.get, "/api/v1/websites", .async { request, _ in
            try app.authenticateOperator(request)
            let records = try await app.websites.all()
            return JSONResponse.make(.ok, ["websites": .array(records.map(\.website.json))])
        })
        router.add(.post, "/api/v1/websites/{id}/rotate-secret", .async { request, parameters in
            try app.authenticateOperator(request)
            guard let record = try await app.websites.rotateSecret(parameters["id"]) else { throw APIError.notFound }
            app.directory.remember(record)
            app.logger.info("website secret rotated", ["website": record.website.id])
            return JSONResponse.make(.ok, record.website.json(secret: record.secret))
        })
    }

    static func readChanges(_ request: HTTPRequest) throws(APIError) -> WebsiteChanges {
        do {
            return try WebsiteChanges(body: try request.jsonObject())
        } catch let error as ValidationError {
            throw APIError.invalid(error)
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.internalError
        }
    }
}
