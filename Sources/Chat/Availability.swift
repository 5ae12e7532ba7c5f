import Auth
import Clock
import Store

/// The states staff choose (contract §10): "available" means `online`.
public enum AgentState: String, Sendable, CaseIterable {
    case online, away, busy, offline
}

/// A staff member's state to announce to the website's staff as a `presence` event.
public struct PresenceChange: Sendable, Equatable {
    public let websiteID: String
    public let principal: Principal
    public let state: AgentState
}

/// Staff availability across every node of a database (`AvailabilityRows`): who is connected
/// anywhere, with the state they chose. A node tells it when a staff member's first connection
/// there opens and its last one closes, and calls `submitUpkeep` every few seconds; each call
/// answers the presence changes to announce, so that a state goes out once per change
/// cluster-wide whichever node saw it.
///
/// A state lasts while its owner has a connection: the last one closing starts a grace period
/// (`graceMilliseconds`, 60 s by default), and only when it passes with no connection anywhere
/// is `offline` announced and the chosen state forgotten. A reconnect within it, to any node,
/// announces nothing: no offline/online flapping when a page reloads or a network hiccups.
public struct Availability: Sendable {
    private let store: Store
    public let graceMilliseconds: Int64

    /// The grace a deployment runs with; tests shorten it.
    public static let defaultGraceMilliseconds: Int64 = 60_000

    public init(store: Store, graceMilliseconds: Int64 = defaultGraceMilliseconds) {
        self.store = store
        self.graceMilliseconds = graceMilliseconds
    }

    /// Staff who announce presence and choose a state: agents and admins (bots answer, they are
    /// not someone to hand a chat to).
    public static func hasAvailability(_ principal: Principal) -> Bool {
        principal.role == .agent || principal.role == .admin
    }

    /// `principal`'s first connection on `node` opened: the change to announce, nil when they
    /// were connected already (another node, or a reconnect within the grace) or chose offline.
    public func submitConnected(_ principal: Principal, websiteID: String, node: String,
                                completion: @escaping @Sendable (Result<PresenceChange?, any Error>) -> Void) {
        let grace = graceMilliseconds
        store.submitWrite({ database in
            let now = Timestamp.now().milliseconds
            let wasConnected = try AvailabilityRows.isConnected(principal, websiteID: websiteID, since: now - grace, in: database)
            try AvailabilityRows.setConnections(1, of: principal, websiteID: websiteID, node: node, at: now, in: database)
            try AvailabilityRows.recordName(of: principal, websiteID: websiteID, at: now, in: database)
            guard !wasConnected, let chosen = try AvailabilityRows.state(of: principal, websiteID: websiteID, in: database),
                  let state = AgentState(rawValue: chosen.state), state != .offline else { return nil }
            if state == .online { try Assignment.assignWaiting(websiteID: websiteID, at: Timestamp(milliseconds: now), in: database) }
            return PresenceChange(websiteID: websiteID, principal: principal, state: state)
        }, completion: completion)
    }

    /// `principal`'s last connection on `node` closed: its grace period starts. Nothing is
    /// announced now; `submitUpkeep` says offline once the grace passes with no connection.
    public func submitDisconnected(_ principal: Principal, websiteID: String, node: String,
                                   completion: @escaping @Sendable (Result<Void, any Error>) -> Void) {
        store.submitWrite({ database in
            try AvailabilityRows.setConnections(0, of: principal, websiteID: websiteID, node: node, at: Timestamp.now().milliseconds,
                                                in: database)
        }, completion: completion)
    }

    /// Vouches for the staff connected on `node` now (`connected`: each website and principal
    /// once) and returns who went offline: staff whose last row passed the grace (closed, or of a
    /// node that stopped vouching) with no other left. The node's rows are written anew rather
    /// than refreshed, so one that another node's upkeep deleted (this node stalled past the
    /// grace) comes back.
    public func submitUpkeep(node: String, connected: [(websiteID: String, principal: Principal)],
                             completion: @escaping @Sendable (Result<[PresenceChange], any Error>) -> Void) {
        let grace = graceMilliseconds
        store.submitWrite({ database in
            let now = Timestamp.now().milliseconds
            try AvailabilityRows.closeAll(node: node, at: now, in: database)
            for (websiteID, principal) in connected {
                try AvailabilityRows.setConnections(1, of: principal, websiteID: websiteID, node: node, at: now, in: database)
            }
            var changes: [PresenceChange] = []
            var seen: Set<PresenceKey> = []
            for (websiteID, principal) in try AvailabilityRows.deleteStale(before: now - grace, in: database) {
                guard seen.insert(PresenceKey(websiteID: websiteID, principal: principal)).inserted,
                      try !AvailabilityRows.isConnected(principal, websiteID: websiteID, since: now - grace, in: database) else { continue }
                let name = try AvailabilityRows.state(of: principal, websiteID: websiteID, in: database)?.name
                try AvailabilityRows.forgetState(of: principal, websiteID: websiteID, in: database)
                changes.append(PresenceChange(websiteID: websiteID, principal: Principal(id: principal.id, role: principal.role, name: name),
                                              state: .offline))
            }
            return changes
        }, completion: completion)
    }

    /// The viewer chooses `state`: the change to announce, nil when they have no connection
    /// (the state applies from their next one).
    public func set(_ state: AgentState, by viewer: Viewer) async throws -> PresenceChange? {
        guard Self.hasAvailability(viewer.principal) else {
            throw ChatError.forbidden("Only agents and admins have an availability.")
        }
        let principal = viewer.principal
        let websiteID = viewer.websiteID
        let grace = graceMilliseconds
        return try await store.write { database in
            let now = Timestamp.now().milliseconds
            try AvailabilityRows.setState(state.rawValue, of: principal, websiteID: websiteID, at: now, in: database)
            guard try AvailabilityRows.isConnected(principal, websiteID: websiteID, since: now - grace, in: database) else { return nil }
            if state == .online { try Assignment.assignWaiting(websiteID: websiteID, at: Timestamp(milliseconds: now), in: database) }
            return PresenceChange(websiteID: websiteID, principal: principal, state: state)
        }
    }

    /// Whether an agent of the website is available now (contract §11 `available`, before
    /// business hours are considered).
    public func anyAgentAvailable(in websiteID: String) async throws -> Bool {
        let grace = graceMilliseconds
        return try await store.read { database in
            try AvailabilityRows.anyAvailable(websiteID: websiteID, since: Timestamp.now().milliseconds - grace, in: database)
        }
    }

    /// The website's staff with an open connection now, each in the state they chose, by id: who
    /// can take a chat (a closed connection's grace keeps presence quiet, not a chat coming).
    public func connected(in websiteID: String) async throws -> [(principal: Principal, state: AgentState)] {
        let grace = graceMilliseconds
        return try await store.read { database in
            try AvailabilityRows.connected(websiteID: websiteID, since: Timestamp.now().milliseconds - grace, in: database)
                .map { ($0.principal, AgentState(rawValue: $0.state) ?? .online) }
        }
    }

    private struct PresenceKey: Hashable {
        let websiteID: String
        let principal: Principal
    }
}
