import Store

/// The statements of automatic assignment (`Assignment`) over the tables availability and chats
/// own: which agent is next, and which chats wait for one. The rows stay with their owners
/// (`AvailabilityRows`, `ChatRows`); these are the queries that join them.
enum AssignmentRows {
    /// Locks the rows of `websiteID`'s agents until the transaction ends, so that assignments on
    /// several nodes take turns and each sees the counts the one before it left (one writer per
    /// node already serializes them on each node; SQLite has one writer in all).
    static func lockAgents(websiteID: String, in database: Database) throws {
        _ = try database.queryAll("SELECT principal_id FROM agent_states WHERE website_id = ? AND principal_role = 'agent'"
                                  + database.dialect.lockingClause, [.text(websiteID)]) { _ in () }
    }

    /// The available agent with the fewest open chats assigned, ties to the one assigned longest
    /// ago: online by choice, with a connection vouched for since `since`.
    static func nextAgent(websiteID: String, since: Int64, in database: Database) throws -> (id: String, name: String?)? {
        try database.queryOne("""
            SELECT s.principal_id, s.name FROM agent_states s
            WHERE s.website_id = ? AND s.principal_role = 'agent' AND s.state = 'online'
              AND EXISTS (SELECT 1 FROM agent_connections c WHERE c.website_id = s.website_id AND c.principal_id = s.principal_id
                          AND c.principal_role = 'agent' AND c.connections > 0 AND c.seen_at >= ?)
            ORDER BY (SELECT count(*) FROM chats WHERE chats.website_id = s.website_id AND chats.assignee_id = s.principal_id
                      AND chats.status = 'open'), s.last_assigned_at, s.principal_id
            LIMIT 1
            """, [.text(websiteID), .integer(since)]) { row in (row.string(0) ?? "", row.string(1)) }
    }

    /// Records that `agentID` was just given a chat: the tie-break of the next pick.
    static func recordAssignment(to agentID: String, websiteID: String, at now: Int64, in database: Database) throws {
        try database.run("UPDATE agent_states SET last_assigned_at = ? WHERE website_id = ? AND principal_id = ? AND principal_role = 'agent'",
                         [.integer(now), .text(websiteID), .text(agentID)])
    }

    /// The name `agentID` last had, for system messages that name the assignee.
    static func name(of agentID: String, websiteID: String, in database: Database) throws -> String? {
        try database.queryOne("SELECT name FROM agent_states WHERE website_id = ? AND principal_id = ? AND principal_role = 'agent'",
                              [.text(websiteID), .text(agentID)]) { $0.string(0) } ?? nil
    }

    /// The oldest open visitor chats nobody is assigned to, at most `limit`.
    static func waitingChats(websiteID: String, limit: Int, in database: Database) throws -> [String] {
        try database.queryAll("""
            SELECT id FROM chats WHERE website_id = ? AND assignee_id IS NULL AND status = 'open' AND visitor_id IS NOT NULL
            ORDER BY created_at, row LIMIT ?
            """, [.text(websiteID), .integer(Int64(limit))]) { $0.string(0) ?? "" }
    }
}
