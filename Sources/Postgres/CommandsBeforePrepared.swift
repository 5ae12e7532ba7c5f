import CLibPQ

extension PostgresConnection {
    /// Runs `commands` (statements without parameters whose results nobody reads, such as a
    /// group commit's `SAVEPOINT` and `RELEASE SAVEPOINT`) and then the statement prepared as
    /// `name`, in one round trip (pipeline mode), and returns the statement's result.
    ///
    /// What it saves: a writer that wraps every job in a savepoint would otherwise wait for the
    /// server twice per job just for the savepoint's bookkeeping; on one machine each wait is two
    /// context switches and a few system calls on each side.
    ///
    /// When a command fails, the server skips the statement and the command's error is thrown;
    /// inside a transaction block that leaves the transaction failed, as the command alone would.
    public func executePrepared(_ name: String, _ parameters: [PostgresParameter],
                                after commands: [String]) throws(PostgresError) -> PostgresResult {
        guard !commands.isEmpty else { return try executePrepared(name, parameters) }
        try rejectNul(in: name)
        for command in commands { try rejectNul(in: command) }
        let texts = try TextParameters(parameters)
        defer { texts.release() }
        return try inPipelineMode { () throws(PostgresError) in
            for command in commands {
                guard PQsendQueryParams(handle, command, 0, nil, nil, nil, nil, 0) == 1 else { throw lostConnection() }
            }
            let sent = texts.values.withUnsafeBufferPointer { values in
                PQsendQueryPrepared(handle, name, texts.count, values.baseAddress, nil, nil, 0)
            }
            guard sent == 1, PQpipelineSync(handle) == 1 else { throw lostConnection() }
            let results = try readPipelineResults(expecting: commands.count + 1)
            return results[results.count - 1]
        }
    }
}
