import SQLiteStore
@testable import Chat
import JSON
import Store
import Testing
@testable import Filters

/// The rows `MetadataIndexTable.write` keeps for a chat.
@Suite struct MetadataIndexTests {
    struct IndexRow: Equatable, CustomStringConvertible {
        let path: String
        let kind: Int64
        let num: Double?
        let str: String?

        init(_ path: String, _ kind: Int64, num: Double? = nil, str: String? = nil) {
            self.path = path
            self.kind = kind
            self.num = num
            self.str = str
        }

        var description: String {
            let number = num.map { "\($0)" } ?? "-"
            return "(\(path), \(kind), \(number), \(str ?? "-"))"
        }
    }

    static func rows(of chatID: String, in database: ChatDatabase) async throws -> [IndexRow] {
        try await database.store.read { connection in
            // In the order they were written: SQLite's rowid, PostgreSQL's physical position
            // (which follows insertion in a table that has had no update since).
            let insertionOrder = connection.dialect.name == SQLDialect.sqlite.name ? "rowid" : "ctid"
            return try connection.queryAll(
                """
                SELECT path, kind, num, str FROM chat_metadata
                WHERE chat = (SELECT row FROM chats WHERE id = ?) ORDER BY \(insertionOrder)
                """,
                [.text(chatID)]
            ) { row in IndexRow(row.string(0) ?? "", row.int(1) ?? -1, num: row.double(2), str: row.string(3)) }
        }
    }

    @Test func oneRowPerValueAndPerScalarElement() async throws {
        let metadata: JSONObject = [
            "n": 1, "f": -2.5, "s": "x", "ns": "12", "t": true, "no": false, "z": nil,
            "arr": ["a", 2, "3", false, nil, [1], ["k": 1]],
            "o": ["team": "core", "deep": ["x": 1]],
            "empty": [:],
        ]
        try await withChats([chat("c", metadata)]) { database in
            let rows = try await Self.rows(of: "c", in: database)
            #expect(rows == [
                IndexRow("n", 3, num: 1),
                IndexRow("f", 3, num: -2.5),
                IndexRow("s", 4, str: "x"),
                IndexRow("ns", 4, num: 12, str: "12"),
                IndexRow("t", 2),
                IndexRow("no", 1),
                IndexRow("z", 0),
                IndexRow("arr", 5),
                IndexRow("arr", 14, str: "a"),
                IndexRow("arr", 13, num: 2),
                IndexRow("arr", 14, num: 3, str: "3"),
                IndexRow("arr", 11),
                IndexRow("arr", 10),
                IndexRow("o", 6),
                IndexRow("o.team", 4, str: "core"),
                IndexRow("o.deep", 6),
                IndexRow("o.deep.x", 3, num: 1),
                IndexRow("empty", 6),
            ])
        }
    }

    @Test func keysNoFilterCanNameAndPathsDeeperThanEightAreLeftOut() async throws {
        let metadata: JSONObject = [
            "a.b": 1, "_x": 2, "x_": 3, "é": 4, "": 5, String(repeating: "k", count: 65): 6,
            "ok": ["bad key": 1, "fine": 2],
            "1": ["2": ["3": ["4": ["5": ["6": ["7": ["8": ["9": 1]]]]]]]],
        ]
        try await withChats([chat("c", metadata)]) { database in
            let rows = try await Self.rows(of: "c", in: database)
            #expect(rows.map(\.path) == ["ok", "ok.fine", "1", "1.2", "1.2.3", "1.2.3.4", "1.2.3.4.5", "1.2.3.4.5.6", "1.2.3.4.5.6.7", "1.2.3.4.5.6.7.8"])
            #expect(rows.last == IndexRow("1.2.3.4.5.6.7.8", 6))
            // The dotted key is not mistaken for the nested path.
            try await database.expect("metadata__a__b=1", selects: [])
            try await database.expect("metadata__1__2__3__4__5__6__7__8__isnull=false", selects: ["c"])
        }
    }

    @Test func writingAgainReplacesTheRows() async throws {
        try await withChats([chat("c", ["a": 1, "b": ["x", "y"]])]) { database in
            try await database.store.write { connection in
                let row = try #require(try connection.queryOne("SELECT row FROM chats WHERE id = 'c'") { $0.int(0) } ?? nil)
                try MetadataIndexTable.write(chatRow: row, websiteID: website, metadata: ["a": "new"], in: connection)
            }
            #expect(try await Self.rows(of: "c", in: database) == [IndexRow("a", 4, str: "new")])
            #expect(try await database.idsBySQL(try ChatFilter(parameters: [("metadata__a", "1")])) == [])
            #expect(try await database.idsBySQL(try ChatFilter(parameters: [("metadata__a", "new")])) == ["c"])
            // The other website's copy keeps its own rows.
            let otherRows = try await database.store.read { connection in
                try connection.queryOne("SELECT count(*) FROM chat_metadata WHERE website_id = 'ws_other'") { $0.int(0) }
            }
            #expect(otherRows == 4)
        }
    }

    @Test func deletingAChatDeletesItsRows() async throws {
        try await withChats([chat("c", ["a": 1])]) { database in
            let remaining = try await database.store.write { connection in
                try connection.run("DELETE FROM chats WHERE website_id = ?", [.text(website)])
                return try connection.queryOne("SELECT count(*) FROM chat_metadata WHERE website_id = ?", [.text(website)]) { $0.int(0) }
            }
            #expect(remaining == 0)
        }
    }
}
