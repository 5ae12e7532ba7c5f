import CSQLite
import Testing
import TestSupport
@testable import SQLiteStore
import Store

/// The connection wrapper, exercised through a store's writer (and readers where it matters).
@Suite struct DatabaseTests {
    static let valuesMigrations = [
        // No declared type: the column keeps every value in the storage class it was given.
        Migration(version: 1, sql: "CREATE TABLE vals(id INTEGER PRIMARY KEY, v)"),
    ]

    static let samples: [SQLValue] = [
        .null,
        .integer(0), .integer(-1), .integer(Int64.min), .integer(Int64.max),
        .real(3.25), .real(-0.5), .real(.infinity), .real(-.infinity),
        .real(.greatestFiniteMagnitude), .real(.leastNonzeroMagnitude),
        .text(""), .text("plain"), .text("héllo wörld 👋🏽 日本語 عربى"), .text("nul\u{0}inside"),
        .text(String(repeating: "long text ", count: 20_000)),
        .blob([]), .blob([0, 255, 1, 128, 0]), .blob((0..<1_048_576).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
        42, "literal", 1.5,
    ]

    @Test func everyValueRoundTrips() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory, migrations: Self.valuesMigrations) { store in
                try await store.write { database in
                    for value in Self.samples { try database.run("INSERT INTO vals(v) VALUES (?)", [value]) }
                }
                let stored = try await store.read { try $0.queryAll("SELECT v FROM vals ORDER BY id") { $0[0] } }
                #expect(stored == Self.samples)
                // Bound as parameters, values compare equal in SQL too (same storage class).
                let matches = try await store.read { database in
                    try Self.samples.map { value in
                        try database.queryOne("SELECT count(*) FROM vals WHERE v IS ?", [value]) { $0.int(0) ?? 0 } ?? 0
                    }
                }
                #expect(matches.allSatisfy { $0 >= 1 })
            }
        }
    }

    @Test func nanIsRejectedRatherThanStoredAsNull() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory, migrations: Self.valuesMigrations) { store in
                let error = await #expect(throws: SQLiteError.self) {
                    try await store.write { try $0.run("INSERT INTO vals(v) VALUES (?)", [.real(.nan)]) }
                }
                #expect(error?.code == SQLITE_MISMATCH)
                let count = try await store.read { try $0.queryOne("SELECT count(*) FROM vals") { $0.int(0) } }
                #expect(count == 0)
            }
        }
    }

    @Test func typedAccessorsReadOnlyTheirOwnStorageClass() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                let checks = try await store.read { database in
                    try database.queryOne("SELECT 7, 2.5, 'text', x'0102', NULL") { row in
                        [
                            row.count == 5,
                            row.int(0) == 7, row.double(0) == 7, row.string(0) == nil, row.blob(0) == nil,
                            row.int(1) == nil, row.double(1) == 2.5,
                            row.string(2) == "text", row.int(2) == nil, row.blob(2) == nil,
                            row.blob(3) == [1, 2], row.string(3) == nil,
                            row.isNull(4), !row.isNull(0), row.int(4) == nil, row[4] == .null,
                            // Outside the row: NULL, never a trap.
                            row[5] == .null, row[-1] == .null, row.int(99) == nil, row.isNull(Int.max),
                            row.values == [.integer(7), .real(2.5), .text("text"), .blob([1, 2]), .null],
                        ]
                    }
                }
                #expect(checks?.allSatisfy { $0 } == true)
            }
        }
    }

    @Test(arguments: [
        ("SELEC 1", SQLITE_ERROR, "syntax error"),
        ("SELECT * FROM missing", SQLITE_ERROR, "no such table"),
        ("", SQLITE_MISUSE, "no SQL statement"),
        ("-- only a comment", SQLITE_MISUSE, "no SQL statement"),
        ("SELECT 1; SELECT 2", SQLITE_MISUSE, "more than one"),
        ("SELECT 1\u{0}; DROP TABLE items", SQLITE_MISUSE, "NUL"),
    ])
    func badSQLThrowsInsteadOfCrashing(sql: String, code: Int32, fragment: String) async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                let error = await #expect(throws: SQLiteError.self) {
                    try await store.write { try $0.run(sql) }
                }
                #expect(error?.code == code)
                #expect(error?.message.contains(fragment) == true)
                // The writer goes on.
                let id = try await store.write { try insertItem("after", into: $0) }
                #expect(id == 1)
            }
        }
    }

    @Test func trailingSemicolonsAndCommentsAreOneStatement() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                let one = try await store.read { try $0.queryOne("SELECT 1;; -- trailing\n") { $0.int(0) } }
                #expect(one == 1)
            }
        }
    }

    @Test(arguments: [0, 2])
    func theNumberOfBindingsMustMatch(count: Int) async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                let bindings = [SQLValue](repeating: "x", count: count)
                let error = await #expect(throws: SQLiteError.self) {
                    try await store.write { try $0.run("INSERT INTO items(name) VALUES (?)", bindings) }
                }
                #expect(error?.code == SQLITE_RANGE)
            }
        }
    }

    @Test func executeRunsScriptsAndRunSkipsReturnedRows() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                let (changes, lastID, names) = try await store.write { database in
                    try database.execute("INSERT INTO items(name) VALUES ('a'); INSERT INTO items(name) VALUES ('b');")
                    try database.run("INSERT INTO items(name) VALUES ('c') RETURNING id")
                    let lastID = database.sqlite.lastInsertRowID
                    try database.run("UPDATE items SET value = 1 WHERE name IN ('a', 'b')")
                    return (database.changes, lastID, try itemNames(in: database))
                }
                #expect(changes == 2)
                #expect(lastID == 3)
                #expect(names == ["a", "b", "c"])
            }
        }
    }

    @Test func queryOneReturnsTheFirstRowOrNil() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                let (none, first) = try await store.write { database in
                    let none = try database.queryOne("SELECT name FROM items") { $0.string(0) }
                    for name in ["x", "y"] { _ = try insertItem(name, into: database) }
                    let first = try database.queryOne("SELECT name FROM items ORDER BY id") { $0.string(0) }
                    return (none, first)
                }
                #expect(none == nil)
                #expect(first == "x")
            }
        }
    }

    @Test func anErrorThrownFromARowStopsTheQueryAndIsRethrown() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                let (thrown, again) = try await store.write { database in
                    for name in ["a", "b", "c"] { _ = try insertItem(name, into: database) }
                    var seen = 0
                    var thrown: TestFailure?
                    do {
                        try database.query("SELECT id FROM items ORDER BY id") { _ in
                            seen += 1
                            if seen == 2 { throw TestFailure(index: seen) }
                        }
                    } catch let failure as TestFailure {
                        thrown = failure
                    }
                    // The cached statement was reset: the same query starts over.
                    return (thrown, try database.queryAll("SELECT id FROM items ORDER BY id") { $0.int(0) })
                }
                #expect(thrown == TestFailure(index: 2))
                #expect(again == [1, 2, 3])
            }
        }
    }

    @Test func theSameQueryCanRunInsideItsOwnRowCallback() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                let pairs = try await store.write { database in
                    for name in ["a", "b", "c"] { _ = try insertItem(name, into: database) }
                    let sql = "SELECT id FROM items WHERE id >= ? ORDER BY id"
                    var pairs: [[Int64]] = []
                    try database.query(sql, [1]) { outer in
                        let id = outer.int(0) ?? 0
                        pairs.append(try database.queryAll(sql, [.integer(id)]) { $0.int(0) ?? 0 })
                    }
                    return pairs
                }
                #expect(pairs == [[1, 2, 3], [2, 3], [3]])
            }
        }
    }

    @Test func statementsAreCachedBySQLTextWithinTheCapacity() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory, configure: { $0.statementCacheCapacity = 4 }) { store in
                let (before, afterRepeats, afterMany, results) = try await store.write { database in
                    let before = database.sqlite.cachedStatementCount
                    for index in 0..<50 { _ = try insertItem("item \(index)", into: database) }
                    let afterRepeats = database.sqlite.cachedStatementCount
                    var results: [Int64] = []
                    for index in 0..<20 {
                        results.append(try database.queryOne("SELECT \(index) + 0") { $0.int(0) ?? -1 } ?? -1)
                    }
                    return (before, afterRepeats, database.sqlite.cachedStatementCount, results)
                }
                #expect(afterRepeats == before + 1)
                #expect(afterMany == 4)
                #expect(results == (0..<20).map { Int64($0) })
            }
        }
    }

    @Test func constraintViolationsAreTyped() async throws {
        let migrations = [Migration(version: 1, sql: """
            CREATE TABLE parents(id INTEGER PRIMARY KEY);
            CREATE TABLE children(id INTEGER PRIMARY KEY, parent INTEGER NOT NULL REFERENCES parents(id), age INTEGER CHECK (age >= 0), tag TEXT UNIQUE);
            INSERT INTO parents(id) VALUES (1);
            INSERT INTO children(id, parent, tag) VALUES (1, 1, 'taken');
            """)]
        let cases: [(sql: String, code: Int32, unique: Bool, foreignKey: Bool)] = [
            ("INSERT INTO children(parent, tag) VALUES (1, 'taken')", SQLiteError.uniqueConstraint, true, false),
            ("INSERT INTO children(id, parent) VALUES (1, 1)", SQLiteError.primaryKeyConstraint, true, false),
            ("INSERT INTO children(parent) VALUES (NULL)", SQLITE_CONSTRAINT | (5 << 8), false, false),
            ("INSERT INTO children(parent, age) VALUES (1, -1)", SQLITE_CONSTRAINT | (1 << 8), false, false),
            ("INSERT INTO children(parent) VALUES (99)", SQLiteError.foreignKeyConstraint, false, true),
        ]
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory, migrations: migrations) { store in
                for violation in cases {
                    let error = await #expect(throws: SQLiteError.self) {
                        try await store.write { try $0.run(violation.sql) }
                    }
                    #expect(error?.code == violation.code, "\(violation.sql)")
                    #expect(error?.isConstraintViolation == true)
                    #expect(error?.isUniqueViolation == violation.unique)
                    #expect(error?.isForeignKeyViolation == violation.foreignKey)
                }
                let otherError = await #expect(throws: SQLiteError.self) {
                    try await store.write { try $0.run("SELECT * FROM nowhere") }
                }
                #expect(otherError?.isConstraintViolation == false)
            }
        }
    }

    @Test(arguments: ["COMMIT", "ROLLBACK", "BEGIN", "END", "SAVEPOINT store_job", "RELEASE store_job", "ROLLBACK TO STORE_JOB"])
    func workCannotControlTheStoresTransaction(sql: String) async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                let writeError = await #expect(throws: SQLiteError.self) {
                    try await store.write { database in
                        _ = try insertItem("lost", into: database)
                        try database.execute(sql)
                    }
                }
                #expect(writeError?.code == SQLITE_AUTH)
                let readError = await #expect(throws: SQLiteError.self) {
                    try await store.read { try $0.run(sql) }
                }
                #expect(readError?.code == SQLITE_AUTH)
                let names = try await store.read { try itemNames(in: $0) }
                #expect(names.isEmpty)
            }
        }
    }

    @Test func workMayUseSavepointsOfItsOwn() async throws {
        try await withTemporaryDirectory { directory in
            try await withStore(in: directory) { store in
                try await store.write { database in
                    _ = try insertItem("kept", into: database)
                    try database.execute("SAVEPOINT mine")
                    _ = try insertItem("undone", into: database)
                    try database.execute("ROLLBACK TO mine; RELEASE mine")
                }
                let names = try await store.read { try itemNames(in: $0) }
                #expect(names == ["kept"])
            }
        }
    }
}
