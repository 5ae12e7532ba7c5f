import CLibPQ
import Glibc
import Logging

/// One blocking connection to PostgreSQL through libpq, used by one thread at a time: like the
/// store's SQLite `Database`, it belongs to a thread of its own (a writer, a reader, the
/// listener) and is deliberately not `Sendable`. Every call blocks that thread until the server
/// answers or `statement_timeout` cancels the statement.
public final class PostgresConnection {
    let handle: OpaquePointer
    let target: PostgresTarget
    let logger: Logger
    /// Keeps the logger alive for libpq's notice callback, which holds an unretained pointer to it.
    private let noticeContext: Unmanaged<Logger>

    /// The oldest server WebChatKit supports (contract §12): pipeline mode and the SQL it relies on.
    public static let minimumServerVersion: Int32 = 14_00_00

    /// Connects, or throws a `PostgresError` whose message names the target by host, port and
    /// database only.
    public init(target: PostgresTarget, configuration: PostgresConfiguration = PostgresConfiguration(),
                logger: Logger = .standard) throws(PostgresError) {
        // Two NULL-terminated arrays of C strings; 0: no dbname is expanded as a connection string.
        var keywords: [UnsafePointer<CChar>?] = []
        var values: [UnsafePointer<CChar>?] = []
        for option in configuration.connectionOptions(for: target) {
            keywords.append(UnsafePointer(strdup(option.keyword)))
            values.append(UnsafePointer(strdup(option.value)))
        }
        keywords.append(nil)
        values.append(nil)
        defer {
            for pointer in keywords + values { free(UnsafeMutablePointer(mutating: pointer)) }
        }
        let connection = PQconnectdbParams(keywords, values, 0)
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let reason = target.redacting(PostgresError.connectionMessage(connection))
            PQfinish(connection)
            throw PostgresError(message: "cannot connect to \(target): \(reason)")
        }
        let version = PQserverVersion(connection)
        guard version >= Self.minimumServerVersion else {
            PQfinish(connection)
            throw PostgresError(message: "\(target) runs PostgreSQL \(version / 10_000); WebChatKit needs 14 or later")
        }
        handle = connection
        self.target = target
        self.logger = logger
        noticeContext = Unmanaged.passRetained(logger)
        PQsetNoticeReceiver(connection, logNotice, noticeContext.toOpaque())
        logger.debug("connected to PostgreSQL", ["target": target.description, "server_version": String(version)])
    }

    deinit {
        PQfinish(handle)
        noticeContext.release()
    }

    /// The server's version number, such as 150004 for 15.4.
    public var serverVersion: Int32 { PQserverVersion(handle) }

    /// The server process serving this connection: a notification's `processID` names the sender.
    public var backendProcessID: Int32 { PQbackendPID(handle) }

    /// False once the socket is lost; every later call throws, and a new connection is needed.
    public var isConnected: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Runs one statement with `$1...$n` parameters and returns its rows and status. SQL holding
    /// several statements is refused by the server (the extended protocol runs exactly one), so a
    /// parameter can never smuggle in a second one.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [PostgresValue] = []) throws(PostgresError) -> PostgresResult {
        try execute(sql, typed: parameters.map(\.parameter))
    }

    /// `execute` with each parameter's type chosen by the caller (`PostgresParameter`).
    @discardableResult
    public func execute(_ sql: String, typed parameters: [PostgresParameter]) throws(PostgresError) -> PostgresResult {
        try rejectNul(in: sql)
        let texts = try TextParameters(parameters)
        defer { texts.release() }
        let result = texts.values.withUnsafeBufferPointer { values in
            PQexecParams(handle, sql, texts.count, texts.types, values.baseAddress, nil, nil, 0)
        }
        return try checked(result)
    }

    /// `result` when it reports success, otherwise its error (the result freed).
    func checked(_ result: OpaquePointer?) throws(PostgresError) -> PostgresResult {
        switch result.map(PQresultStatus) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PostgresResult(taking: result!)
        default:
            let error = PostgresError(result: result, connection: handle)
            PQclear(result)
            throw error
        }
    }

    /// `name` quoted as an SQL identifier (channel names of LISTEN, which takes no parameters).
    func quotedIdentifier(_ name: String) throws(PostgresError) -> String {
        try rejectNul(in: name)
        guard let quoted = PQescapeIdentifier(handle, name, name.utf8.count) else {
            throw PostgresError(message: PostgresError.connectionMessage(handle))
        }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }
}

/// Routes the server's notices and warnings (`NOTICE: table "x" does not exist, skipping`) to
/// the connection's logger instead of libpq's default, a bare line on standard error.
private func logNotice(_ context: UnsafeMutableRawPointer?, _ result: OpaquePointer?) {
    guard let context, let result else { return }
    let logger = Unmanaged<Logger>.fromOpaque(context).takeUnretainedValue()
    let notice = PostgresError(result: result, connection: nil)
    let level: LogLevel = notice.severity == "WARNING" ? .warning : .debug
    logger.log(level, "PostgreSQL notice", ["severity": notice.severity ?? "", "sqlstate": notice.sqlState ?? "",
                                           "message": notice.message])
}
