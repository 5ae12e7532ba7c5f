import CLibPQ

extension PostgresConnection {
    /// Parses and plans `sql` once under `name` (libpq's `PQprepare`), so running it again sends
    /// only the name and the values. `types` fixes each parameter's type (`TypeOID`, 0 to let the
    /// server infer it); `executePrepared` then sends text that the server reads as those types.
    /// A prepared statement belongs to the session and outlives any transaction, even one rolled
    /// back; `deallocate` drops it.
    public func prepare(_ name: String, _ sql: String, types: [UInt32]) throws(PostgresError) {
        try rejectNul(in: sql)
        try rejectNul(in: name)
        let result = PQprepare(handle, name, sql, Int32(types.count), types)
        _ = try checked(result)
    }

    /// Runs the statement prepared as `name`. Only each parameter's text is sent: its type is
    /// the one given to `prepare`.
    @discardableResult
    public func executePrepared(_ name: String, _ parameters: [PostgresParameter]) throws(PostgresError) -> PostgresResult {
        try rejectNul(in: name)
        let texts = try TextParameters(parameters)
        defer { texts.release() }
        let result = texts.values.withUnsafeBufferPointer { values in
            PQexecPrepared(handle, name, texts.count, values.baseAddress, nil, nil, 0)
        }
        return try checked(result)
    }

    /// Drops the statement prepared as `name`.
    public func deallocate(_ name: String) throws(PostgresError) {
        try execute("DEALLOCATE \(try quotedIdentifier(name))")
    }

    /// Runs a script of statements separated by semicolons, without parameters (libpq's
    /// `PQexec`, the simple protocol): for schema changes. Outside a transaction the server runs
    /// the whole script as one implicit transaction; the first failing statement ends it.
    /// Returns the last statement's result.
    @discardableResult
    public func executeScript(_ sql: String) throws(PostgresError) -> PostgresResult {
        try rejectNul(in: sql)
        return try checked(PQexec(handle, sql))
    }
}
