import Postgres
import Store

extension PostgresDatabase {
    /// The channel on which every commit that appended log rows is announced, with the last id
    /// as payload: other nodes' listeners wake their realtime hubs with it (`Listener`).
    static let logChannel = "webchat_log"

    /// Inserts the log rows the batch's work appended (`append`), at the very end of the batch.
    ///
    /// For each log, in the order of their names (so two nodes lock the counters in the same
    /// order and never deadlock on them), the counter row `log_counters(log, last_id)` is
    /// advanced by the number of rows, which locks it until COMMIT; the rows take the ids below
    /// the new `last_id`, in append order. Another node flushing the same log waits for that
    /// lock, then (READ COMMITTED) sees the committed counter and takes the ids after ours, so
    /// ids are committed in increasing order and a reader that has seen id n never later finds
    /// a smaller one. The lock is held only from here to the COMMIT right after.
    ///
    /// The caller's migrations create `log_counters` with one row per log.
    func flushAppends() throws {
        let appends = pendingAppends
        guard !appends.isEmpty else { return }
        let tables = Dictionary(grouping: appends, by: \.table).sorted { $0.key < $1.key }
        for (table, rows) in tables {
            let lastID = try advanceCounter(of: table, by: rows.count)
            try insert(rows, into: table, firstID: lastID - Int64(rows.count) + 1)
            try run("SELECT pg_notify(?, ?)", [.text(Self.logChannel), .text(String(lastID))])
        }
        dropAppends()
    }

    /// The counter's new `last_id`.
    private func advanceCounter(of table: String, by count: Int) throws -> Int64 {
        let lastID = try queryOne("UPDATE log_counters SET last_id = last_id + ? WHERE log = ? RETURNING last_id",
                                  [.integer(Int64(count)), .text(table)]) { $0.int(0) }
        guard let lastID = lastID ?? nil else {
            throw PostgresError(message: "log_counters has no row for the log \(table): the migrations must create one per log")
        }
        return lastID
    }

    /// One multi-row INSERT per run of rows with the same columns, split so that no statement
    /// passes PostgreSQL's limit of 65,535 parameters.
    private func insert(_ rows: [LogAppend], into table: String, firstID: Int64) throws {
        var id = firstID
        var start = rows.startIndex
        while start < rows.endIndex {
            let columns = rows[start].columns
            let perRow = columns.count + 1
            let limit = min(1_000, 65_535 / perRow)
            var end = start
            while end < rows.endIndex && end - start < limit && rows[end].columns == columns { end += 1 }
            var parameters: [PostgresParameter] = []
            var tuples: [String] = []
            for row in rows[start..<end] {
                let first = parameters.count + 1
                tuples.append("(" + (first..<(first + perRow)).map { "$\($0)" }.joined(separator: ", ") + ")")
                parameters.append(try SQLValue.integer(id).parameter())
                for value in row.values { parameters.append(try value.parameter()) }
                id += 1
            }
            let sql = "INSERT INTO \(table) (\((["id"] + columns).joined(separator: ", "))) VALUES \(tuples.joined(separator: ", "))"
            _ = try runUnprepared(sql, parameters)
            start = end
        }
    }
}
