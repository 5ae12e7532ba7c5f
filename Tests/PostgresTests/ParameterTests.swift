import Postgres
import PostgresTestSupport
import Testing

/// Parameters of every kind go in as text and come back typed.
@Suite struct ParameterTests {
    @Test func everyKindOfParameterComesBackAsItWent() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target)
            let row = try connection.execute(
                "SELECT $1::bigint, $2::float8, $3::boolean, $4::boolean, $5::text, $6::text, $7::bigint",
                [.integer(.min), .double(0.1), .bool(true), .bool(false), .text("héllo, 世界 👋 'quoted' \\"), .null, 42])[0]
            #expect(try row.int(0) == .min)
            #expect(try row.double(1) == 0.1)
            #expect(try row.bool(2) == true)
            #expect(try row.bool(3) == false)
            #expect(row.string(4) == "héllo, 世界 👋 'quoted' \\")
            #expect(row.isNull(5))
            #expect(row.string(5) == nil)
            #expect(row.values == [.integer(.min), .double(0.1), .bool(true), .bool(false), .text("héllo, 世界 👋 'quoted' \\"),
                                   .null, .integer(42)])
        }
    }

    @Test func typedParametersNeedNoCasts() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target)
            let row = try connection.execute("SELECT $1 + 1, $2 * 2, NOT $3", [.integer(Int64.max - 1), .double(1.25), .bool(false)])[0]
            #expect(row.values == [.integer(.max), .double(2.5), .bool(true)])
        }
    }

    @Test func specialDoublesSurviveTheTrip() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target)
            let row = try connection.execute("SELECT $1, $2, $3, $4",
                                              [.double(.infinity), .double(-.infinity), .double(.nan), .double(-0.0)])[0]
            #expect(try row.double(0) == .infinity)
            #expect(try row.double(1) == -.infinity)
            #expect(try row.double(2)?.isNaN == true)
            #expect(try row.double(3) == 0)
            #expect(try row.double(3)?.sign == .minus)
        }
    }

    /// Text is sent untyped, so the server reads it as whatever the column needs.
    @Test func textGoesIntoJSONAndTimestampColumns() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target)
            try connection.execute("CREATE TABLE things(id bigserial PRIMARY KEY, data jsonb, at timestamptz, note text)")
            let inserted = try connection.execute("INSERT INTO things(data, at, note) VALUES ($1, $2, $3), ($4, $5, $6) RETURNING id", [
                #"{"project": 7}"#, "2026-11-22T10:00:00.123Z", nil,
                #"{"project": 8}"#, nil, "second",
            ])
            #expect(inserted.commandStatus == "INSERT 0 2")
            #expect(inserted.affectedRows == 2)
            #expect(try inserted.rows.map { try $0.int(0) } == [1, 2])
            let rows = try connection.execute("""
                SELECT (data->>'project')::int, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'), note
                FROM things ORDER BY id
                """)
            #expect(rows.rowCount == 2)
            #expect(rows.columnCount == 3)
            #expect(rows.columnName(2) == "note")
            #expect(rows[0].values == [.integer(7), .text("2026-11-22 10:00:00.123"), .null])
            #expect(rows[1].values == [.integer(8), .null, .text("second")])
            let updated = try connection.execute("UPDATE things SET note = $1 WHERE note IS NULL", ["filled"])
            #expect(updated.commandStatus == "UPDATE 1")
            #expect(updated.affectedRows == 1)
            #expect(try connection.execute("CREATE INDEX things_note ON things(note)").affectedRows == nil)
        }
    }

    /// Reading a column as a type it does not have is a bug in the query, reported, not nil.
    @Test func readingAColumnAsTheWrongTypeThrows() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target)
            let row = try connection.execute("SELECT 'seven'::text, 7::int4, NULL::int8")[0]
            #expect(throws: PostgresError.self) { try row.int(0) }
            #expect(throws: PostgresError.self) { try row.bool(1) }
            #expect(try row.double(1) == 7)
            #expect(row.string(1) == "7")
            #expect(try row.int(2) == nil)
        }
    }

    /// The extended protocol runs one statement, so a parameter cannot smuggle in another.
    @Test func aNulInSQLOrTextIsRefusedAndSeveralStatementsAreRefused() async throws {
        try await withTestDatabase { target in
            let connection = try PostgresConnection(target: target)
            #expect(throws: PostgresError.self) { try connection.execute("SELECT $1::text", [.text("a\u{0}b")]) }
            #expect(throws: PostgresError.self) { try connection.execute("SELECT 1\u{0}; DROP DATABASE postgres") }
            #expect { try connection.execute("SELECT 1; SELECT 2") } throws: { ($0 as? PostgresError)?.sqlState == "42601" }
            #expect(try connection.execute("SELECT 3")[0].int(0) == 3)
        }
    }
}
