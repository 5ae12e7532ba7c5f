import CLibPQ

/// One statement of a pipeline: SQL with `$1...$n` and its parameters.
public struct PostgresStatement: Sendable {
    public let sql: String
    public let parameters: [PostgresValue]

    public init(_ sql: String, _ parameters: [PostgresValue] = []) {
        self.sql = sql
        self.parameters = parameters
    }
}

extension PostgresConnection {
    /// Sends every statement at once and reads their results afterwards (libpq's pipeline mode),
    /// so a batch costs one round trip instead of one per statement: what a group commit of many
    /// small writes needs when the database is across a network.
    ///
    /// The statements form one implicit transaction unless they contain their own BEGIN/COMMIT:
    /// when one fails, the server skips the rest and rolls back the ones before it, and the first
    /// error is thrown once every result has been read (the connection stays usable).
    ///
    /// The socket is non-blocking meanwhile, and results are read while statements are still being
    /// sent: with a blocking socket, a batch whose results fill the server's send buffer would
    /// leave both sides waiting for the other to read.
    public func pipeline(_ statements: [PostgresStatement]) throws(PostgresError) -> [PostgresResult] {
        guard !statements.isEmpty else { return [] }
        var prepared: [(sql: String, parameters: TextParameters)] = []
        defer { prepared.forEach { $0.parameters.release() } }
        for statement in statements {
            try rejectNul(in: statement.sql)
            prepared.append((statement.sql, try TextParameters(statement.parameters)))
        }
        return try inPipelineMode { () throws(PostgresError) in
            for (sql, parameters) in prepared {
                let sent = parameters.values.withUnsafeBufferPointer { values in
                    PQsendQueryParams(handle, sql, parameters.count, parameters.types, values.baseAddress, nil, nil, 0)
                }
                guard sent == 1 else { throw lostConnection() }
            }
            guard PQpipelineSync(handle) == 1 else { throw lostConnection() }
            return try readPipelineResults(expecting: statements.count)
        }
    }

    /// Runs `body`, which queues statements and reads their results, with the connection in
    /// pipeline mode and non-blocking, and leaves both modes afterwards whatever happened.
    func inPipelineMode<R>(_ body: () throws(PostgresError) -> R) throws(PostgresError) -> R {
        guard PQsetnonblocking(handle, 1) == 0, PQenterPipelineMode(handle) == 1 else {
            PQsetnonblocking(handle, 0)
            throw PostgresError(message: "cannot enter pipeline mode: \(PostgresError.connectionMessage(handle))")
        }
        defer {
            PQexitPipelineMode(handle)
            PQsetnonblocking(handle, 0)
        }
        return try body()
    }

    /// Reads results until the pipeline's sync point, sending what is still buffered meanwhile.
    func readPipelineResults(expecting count: Int) throws(PostgresError) -> [PostgresResult] {
        var results: [PostgresResult] = []
        var firstError: PostgresError?
        var endedStatement = false
        while true {
            let flush = PQflush(handle)
            guard flush >= 0 else { throw lostConnection() }
            try consumeInput()
            while PQisBusy(handle) == 0 {
                // NULL ends one statement's results; the next call starts the next statement's. Two
                // in a row mean libpq has nothing left to read: the connection broke.
                guard let result = PQgetResult(handle) else {
                    if endedStatement { throw lostConnection() }
                    endedStatement = true
                    continue
                }
                endedStatement = false
                switch PQresultStatus(result) {
                case PGRES_PIPELINE_SYNC:
                    PQclear(result)
                    if let firstError { throw firstError }
                    guard results.count == count else {
                        throw PostgresError(message: "pipeline of \(count) statements returned \(results.count) results")
                    }
                    return results
                case PGRES_PIPELINE_ABORTED:
                    // Skipped after an earlier statement failed; that failure is the one reported.
                    PQclear(result)
                default:
                    do {
                        results.append(try checked(result))
                    } catch {
                        firstError = firstError ?? error
                    }
                }
            }
            try waitUntilReadable(timeoutMilliseconds: -1, orWritable: flush == 1)
        }
    }

    func lostConnection() -> PostgresError {
        PostgresError(message: "pipeline on \(target) failed: \(PostgresError.connectionMessage(handle))")
    }
}
