import Postgres
import PostgresStore
import PostgresTestSupport
import Store
import Testing

/// Rows read as SQLite's would for the same values, and values go in exactly.
@Suite struct RowTests {
    @Test func columnsReadByTheirType() async throws {
        try await withAsyncTestDatabase { target in
            try await withStore(target) { store in
                let read = try await store.read { database in
                    try database.queryOne("""
                        SELECT 7::int8, 12.000::numeric(10, 0), 12.5::numeric, 'héllo'::text, '\\x00ff7f'::bytea, true, NULL::int8,
                               3::int2, 0.25::float8, 'x'::"char", '{"a": 1}'::jsonb, 'v'::varchar
                        """) { row in
                        // Row cannot be captured by #expect: each accessor's answer is taken here.
                        let ints = [row.int(0), row.int(1), row.int(2), row.int(3), row.int(5), row.int(6), row.int(-1)]
                        let others = (row.double(0), row.double(2), row.string(0), row.string(3), row.string(4), row.blob(4))
                        let nulls = [row.isNull(6), row.isNull(99), row[99] == .null, row.isNull(0)]
                        return (ints, others, nulls, row.values)
                    }
                }
                let (ints, others, nulls, values) = try #require(read)
                #expect(ints == [7, 12, nil, nil, 1, nil, nil])
                #expect(others.0 == 7)
                #expect(others.1 == 12.5)
                #expect(others.2 == nil)
                #expect(others.3 == "héllo")
                #expect(others.4 == nil)
                #expect(others.5 == [0x00, 0xFF, 0x7F])
                #expect(nulls == [true, true, true, false])
                #expect(values == [.integer(7), .integer(12), .real(12.5), .text("héllo"), .blob([0x00, 0xFF, 0x7F]), .integer(1), .null,
                                   .integer(3), .real(0.25), .text("x"), .text(#"{"a": 1}"#), .text("v")])
            }
        }
    }

    /// A real goes in as the numeric of its exact binary value, so it compares with the same
    /// double (and with integers) exactly, as SQLite compares; a blob goes in as bytea; NaN is
    /// refused rather than stored as something else.
    @Test func bindingsGoInExactly() async throws {
        try await withAsyncTestDatabase { target in
            try await withStore(target) { store in
                let bytes: [UInt8] = Array(0...255)
                let row = try await store.write { database in
                    try database.run("INSERT INTO items (name, amount) VALUES (?, ?)", [.text("a 'quoted' name"), .real(0.1)])
                    #expect(database.changes == 1)
                    #expect(throws: PostgresError.self) { try database.run("SELECT ?", [.real(.nan)]) }
                    return try database.queryOne("SELECT amount = ?, amount::text, ?::bytea, ? + 1, name FROM items",
                                                 [.real(0.1), .blob(bytes), .integer(.max - 1)]) { $0.values }
                }
                #expect(row == [.integer(1), .text("0.1000000000000000055511151231257827021181583404541015625"), .blob(bytes),
                                .integer(.max), .text("a 'quoted' name")])
            }
        }
    }
}
