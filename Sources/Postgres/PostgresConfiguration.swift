/// How connections present themselves to the server and how long they may take. What the
/// connection string sets wins over the application name and the timeouts here, so an operator can
/// tune them per deployment in the URL (`?application_name=node-3&options=-c%20statement_timeout%3D5s`).
public struct PostgresConfiguration: Sendable {
    /// Shown in `pg_stat_activity` and server logs, so an operator can tell WebChatKit's sessions
    /// (and, with a name per node, which node) from others.
    public var applicationName: String
    /// The server cancels any statement running longer (SQLSTATE 57014), so a runaway query or a
    /// lock wait cannot hold a connection, and the thread that waits on it, for ever. 0 turns it off.
    public var statementTimeoutMilliseconds: Int
    /// How long connecting may take before it fails (libpq's `connect_timeout`, per host).
    public var connectTimeoutSeconds: Int
    /// Idle seconds before TCP keepalive probes start; three unanswered probes 5 s apart end the
    /// connection. A server that vanished without closing the socket (a dead host, a dropped
    /// route) would otherwise hold a waiting thread for the kernel's default of over two hours.
    public var keepaliveIdleSeconds: Int

    public init(applicationName: String = "webchat", statementTimeoutMilliseconds: Int = 30_000,
                connectTimeoutSeconds: Int = 10, keepaliveIdleSeconds: Int = 15) {
        self.applicationName = applicationName
        self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.keepaliveIdleSeconds = keepaliveIdleSeconds
    }

    /// The options passed to libpq for `target`: the target's own, then these where the target is
    /// silent. `client_encoding` is always UTF8, since rows are decoded as UTF-8.
    func connectionOptions(for target: PostgresTarget) -> [(keyword: String, value: String)] {
        var options = target.options.filter { $0.keyword != "client_encoding" && $0.keyword != "options" }
        options.append(("fallback_application_name", applicationName))
        let defaults = [("connect_timeout", connectTimeoutSeconds), ("keepalives_idle", keepaliveIdleSeconds),
                        ("keepalives_interval", 5), ("keepalives_count", 3)]
        for (keyword, value) in defaults where target[keyword] == nil { options.append((keyword, String(value))) }
        // The server applies `-c` settings in order, so the target's own options come last and win.
        let serverOptions = ["-c statement_timeout=\(statementTimeoutMilliseconds)", target["options"]]
        options.append(("options", serverOptions.compactMap { $0 }.joined(separator: " ")))
        options.append(("client_encoding", "UTF8"))
        return options
    }
}
