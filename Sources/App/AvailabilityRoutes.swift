import Chat
import HTTP
import JSON

/// Staff availability (contract §10): agents and admins choose their state, and staff list who
/// is connected in which state (what the sidebar offers for "assign to an available agent").
enum AvailabilityRoutes {
    static func register(_ router: inout Router<Route>, _ app: AppContext) {
        router.add(.put, "/api/v1/me/availability", .async { request, _ in
            let viewer = try app.viewer(request)
            let body = try request.jsonObject()
            try Validate.onlyKnownFields(body, ["state"])
            let state = try AvailabilityRoutes.state(body["state"])
            try app.limitWrites(viewer)
            try await AvailabilityRoutes.choose(state, by: viewer, app)
            return JSONResponse.make(.ok, ["state": .string(state.rawValue)])
        })
        router.add(.get, "/api/v1/availability", .async { request, _ in
            let viewer = try app.viewer(request)
            guard viewer.seesNotes else { throw APIError.forbidden("Visitors do not see staff availability.") }
            let connected = try await app.hub.availability.connected(in: viewer.websiteID)
            var body: [UInt8] = Array(#"{"agents":["#.utf8)
            for (index, agent) in connected.enumerated() {
                if index > 0 { body.append(UInt8(ascii: ",")) }
                body.append(contentsOf: #"{"principal":"#.utf8)
                MessageSender(agent.principal).encode(into: &body)
                body.append(contentsOf: #","state":""#.utf8)
                body.append(contentsOf: agent.state.rawValue.utf8)
                body.append(contentsOf: #""}"#.utf8)
            }
            body.append(contentsOf: "]}".utf8)
            return JSONResponse.make(encoded: body)
        })
    }

    /// Records the viewer's choice and announces it when they are connected: one path for the
    /// REST route and the WebSocket command.
    static func choose(_ state: AgentState, by viewer: Viewer, _ app: AppContext) async throws {
        if let change = try await app.hub.availability.set(state, by: viewer) { app.hub.publishPresence(change) }
    }

    static func state(_ value: JSONValue?) throws(APIError) -> AgentState {
        guard let text = value?.stringValue, let state = AgentState(rawValue: text) else {
            throw APIError.invalid(ValidationError(field: "state", message: "state must be online, away, busy or offline."))
        }
        return state
    }
}
