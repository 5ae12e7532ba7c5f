import Auth
import Store

/// The `agent_states` and `agent_connections` tables: every statement on them.
///
/// `agent_states` holds the state a staff member chose (`online`, `away`, `busy`, `offline`).
/// `agent_connections` holds, per node, how many realtime connections they have there and when
/// that node last vouched for them (`seen_at`): a node refreshes its rows with open connections
/// every few seconds, and a row whose last connection closed keeps the time it closed. So
/// "connected somewhere" is one question on any node — a row seen within the grace period — and
/// it survives a node dying (its rows simply stop being refreshed) and a reconnect to another
/// node within the grace (no one says offline in between).
enum AvailabilityRows {
    /// Schema 10 on SQLite.
    static let sqliteSchemaSQL = """
        CREATE TABLE agent_states (
            website_id TEXT NOT NULL REFERENCES websites(id),
            principal_id TEXT NOT NULL,
            principal_role TEXT NOT NULL,
            name TEXT,
            state TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            last_assigned_at INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (website_id, principal_id, principal_role)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE agent_connections (
            website_id TEXT NOT NULL,
            principal_id TEXT NOT NULL,
            principal_role TEXT NOT NULL,
            node TEXT NOT NULL,
            connections INTEGER NOT NULL,
            seen_at INTEGER NOT NULL,
            PRIMARY KEY (website_id, principal_id, principal_role, node)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX agent_connections_by_node ON agent_connections (node);
        CREATE INDEX agent_connections_by_age ON agent_connections (seen_at);
        \(assignmentSQL)
        """

    /// Schema 10 on PostgreSQL: the same tables, ids ordered by bytes as on SQLite.
    static let postgresSchemaSQL = """
        CREATE TABLE agent_states (
            website_id TEXT COLLATE "C" NOT NULL REFERENCES websites(id),
            principal_id TEXT COLLATE "C" NOT NULL,
            principal_role TEXT COLLATE "C" NOT NULL,
            name TEXT,
            state TEXT NOT NULL,
            updated_at BIGINT NOT NULL,
            last_assigned_at BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (website_id, principal_id, principal_role)
        );
        CREATE TABLE agent_connections (
            website_id TEXT COLLATE "C" NOT NULL,
            principal_id TEXT COLLATE "C" NOT NULL,
            principal_role TEXT COLLATE "C" NOT NULL,
            node TEXT COLLATE "C" NOT NULL,
            connections BIGINT NOT NULL,
            seen_at BIGINT NOT NULL,
            PRIMARY KEY (website_id, principal_id, principal_role, node)
        );
        CREATE INDEX agent_connections_by_node ON agent_connections (node);
        CREATE INDEX agent_connections_by_age ON agent_connections (seen_at);
        \(assignmentSQL)
        """

    /// The rest of schema 10, the same on both backends: the website's `auto_assign` setting
    /// (`none` or `round_robin`), a `system` message's `data`, and the index that counts an
    /// agent's open chats and finds the chats waiting for one (`AssignmentRows`).
    private static let assignmentSQL = """
        ALTER TABLE websites ADD COLUMN auto_assign TEXT NOT NULL DEFAULT 'none';
        ALTER TABLE messages ADD COLUMN data TEXT;
        CREATE INDEX chats_by_assignee ON chats (website_id, assignee_id, status, created_at);
        """

    /// Whether `principal` has a row seen at or after `since` on any node.
    static func isConnected(_ principal: Principal, websiteID: String, since: Int64, in database: Database) throws -> Bool {
        try database.queryOne("""
            SELECT 1 FROM agent_connections WHERE website_id = ? AND principal_id = ? AND principal_role = ? AND seen_at >= ? LIMIT 1
            """, [.text(websiteID), .text(principal.id), .text(principal.role.rawValue), .integer(since)], map: { _ in true }) ?? false
    }

    /// Sets this node's count of `principal`'s connections, seen now.
    static func setConnections(_ count: Int, of principal: Principal, websiteID: String, node: String, at now: Int64,
                               in database: Database) throws {
        try database.run("""
            INSERT INTO agent_connections (website_id, principal_id, principal_role, node, connections, seen_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (website_id, principal_id, principal_role, node) DO UPDATE SET connections = excluded.connections, seen_at = excluded.seen_at
            """, [.text(websiteID), .text(principal.id), .text(principal.role.rawValue), .text(node), .integer(Int64(count)), .integer(now)])
    }

    /// Marks every row of this node that says connected as closed now, before the node writes
    /// again who is connected (`Availability.submitUpkeep`): a row that wrongly stayed open (a
    /// close whose write failed) starts its grace.
    static func closeAll(node: String, at now: Int64, in database: Database) throws {
        try database.run("UPDATE agent_connections SET connections = 0, seen_at = ? WHERE node = ? AND connections > 0",
                         [.integer(now), .text(node)])
    }

    /// Deletes the rows not seen since `before` (closed past the grace, or of a node that stopped
    /// vouching) and returns whose they were. One node's delete returns them; a concurrent one
    /// on another node finds them gone, so each is reported once.
    static func deleteStale(before: Int64, in database: Database) throws -> [(websiteID: String, principal: Principal)] {
        var stale: [(String, Principal)] = []
        try database.query("DELETE FROM agent_connections WHERE seen_at < ? RETURNING website_id, principal_id, principal_role",
                           [.integer(before)]) { row in
            guard let role = Role(rawValue: row.string(2) ?? "") else { return }
            stale.append((row.string(0) ?? "", Principal(id: row.string(1) ?? "", role: role)))
        }
        return stale
    }

    /// The state `principal` chose, with the name it had then; nil when it chose none.
    static func state(of principal: Principal, websiteID: String, in database: Database) throws -> (state: String, name: String?)? {
        try database.queryOne("SELECT state, name FROM agent_states WHERE website_id = ? AND principal_id = ? AND principal_role = ?",
                              [.text(websiteID), .text(principal.id), .text(principal.role.rawValue)]) { row in
            (row.string(0) ?? "", row.string(1))
        }
    }

    /// Records `principal`'s name as its token says now, with the state `online` unless it
    /// chose one already.
    static func recordName(of principal: Principal, websiteID: String, at now: Int64, in database: Database) throws {
        try database.run("""
            INSERT INTO agent_states (website_id, principal_id, principal_role, name, state, updated_at) VALUES (?, ?, ?, ?, 'online', ?)
            ON CONFLICT (website_id, principal_id, principal_role) DO UPDATE SET name = excluded.name
            """, [.text(websiteID), .text(principal.id), .text(principal.role.rawValue), ChatRows.optional(principal.name), .integer(now)])
    }

    /// Records the state `principal` chose, and its name as its token says now.
    static func setState(_ state: String, of principal: Principal, websiteID: String, at now: Int64, in database: Database) throws {
        try database.run("""
            INSERT INTO agent_states (website_id, principal_id, principal_role, name, state, updated_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (website_id, principal_id, principal_role) DO UPDATE SET name = excluded.name, state = excluded.state,
                updated_at = excluded.updated_at
            """, [.text(websiteID), .text(principal.id), .text(principal.role.rawValue), ChatRows.optional(principal.name),
                  .text(state), .integer(now)])
    }

    /// Forgets the state `principal` chose: it went offline, and its next connection starts
    /// online (a state lasts while one has a connection, contract §10).
    static func forgetState(of principal: Principal, websiteID: String, in database: Database) throws {
        try database.run("DELETE FROM agent_states WHERE website_id = ? AND principal_id = ? AND principal_role = ?",
                         [.text(websiteID), .text(principal.id), .text(principal.role.rawValue)])
    }

    /// Whether an agent of `websiteID` is available: online by choice, with a connection vouched
    /// for since `since`.
    static func anyAvailable(websiteID: String, since: Int64, in database: Database) throws -> Bool {
        try database.queryOne("""
            SELECT 1 FROM agent_states s
            WHERE s.website_id = ? AND s.principal_role = 'agent' AND s.state = 'online'
              AND EXISTS (SELECT 1 FROM agent_connections c WHERE c.website_id = s.website_id AND c.principal_id = s.principal_id
                          AND c.principal_role = 'agent' AND c.connections > 0 AND c.seen_at >= ?)
            LIMIT 1
            """, [.text(websiteID), .integer(since)], map: { _ in true }) ?? false
    }

    /// The staff of `websiteID` with an open connection vouched for since `since`, each with the state it chose (online
    /// when it chose none), ordered by id.
    static func connected(websiteID: String, since: Int64, in database: Database) throws -> [(principal: Principal, state: String)] {
        var found: [(Principal, String)] = []
        try database.query("""
            SELECT c.principal_id, c.principal_role, max(s.name), coalesce(max(s.state), 'online')
            FROM agent_connections c
            LEFT JOIN agent_states s ON s.website_id = c.website_id AND s.principal_id = c.principal_id AND s.principal_role = c.principal_role
            WHERE c.website_id = ? AND c.connections > 0 AND c.seen_at >= ?
            GROUP BY c.principal_id, c.principal_role
            ORDER BY c.principal_id, c.principal_role
            """, [.text(websiteID), .integer(since)]) { row in
            guard let role = Role(rawValue: row.string(1) ?? "") else { return }
            found.append((Principal(id: row.string(0) ?? "", role: role, name: row.string(2)), row.string(3) ?? "online"))
        }
        return found
    }
}
