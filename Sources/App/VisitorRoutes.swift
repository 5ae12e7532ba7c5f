import Chat
import HTTP

/// A visitor's data (contract §11): export and deletion, for admins whose token has no scope;
/// and a visitor's own name and email.
enum VisitorRoutes {
    static func register(_ router: inout Router<Route>, _ app: AppContext) {
        router.add(.patch, "/api/v1/me", .async { request, _ in
            let viewer = try app.viewer(request)
            let changes = try VisitorProfileChanges(body: try request.jsonObject())
            try app.limitWrites(viewer)
            let visitor = try await app.visitors.updateOwnProfile(changes, by: viewer)
            return JSONResponse.make(.ok, visitor.json)
        })
        router.add(.get, "/api/v1/visitors/{id}/export", .async { request, parameters in
            let viewer = try app.viewer(request)
            return JSONResponse.make(encoded: try await app.visitors.export(parameters["id"], by: viewer))
        })
        router.add(.delete, "/api/v1/visitors/{id}", .async { request, parameters in
            let viewer = try app.viewer(request)
            try app.limitWrites(viewer)
            let deletion = try await app.visitors.delete(parameters["id"], by: viewer)
            await app.removeAttachmentBytes(deletion.attachmentDigests)
            return HTTPResponse(status: .noContent)
        })
    }
}
