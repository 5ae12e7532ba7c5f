import JSON
import Testing
import TestSupport

/// Search (contract §10, issue 18 point 5): `GET /chats?q=` finds chats by the words of their
/// titles and messages — case and accents folded, the last word as a prefix, CJK by characters —
/// ANDed with every filter and the caller's visibility, ordered by relevance unless `order` is
/// given, each chat with the `match` of its best message. Runs on both backends.
@Suite struct SearchAPITests {
    /// The titles of the chats a search answers, in order, with their matches.
    static func search(_ caller: TestApp.Caller, _ query: String) throws -> [(title: String, seq: Int?, snippet: String)] {
        let body = try caller.expect(200, "GET", "/api/v1/chats?" + query)
        return (body["chats"]?.arrayValue ?? []).map { chat in
            (chat["title"]?.stringValue ?? "", chat["match"]?["seq"]?.intValue, chat["match"]?["snippet"]?.stringValue ?? "<none>")
        }
    }

    static func titles(_ caller: TestApp.Caller, _ query: String) throws -> [String] {
        try search(caller, query).map(\.title)
    }

    /// Creates a chat with `title` and sends `texts` into it; its id.
    @discardableResult
    static func chat(_ caller: TestApp.Caller, _ title: String, _ texts: [String], metadata: String = "{}") throws -> String {
        let chat = try caller.expect(201, "POST", "/api/v1/chats", json: #"{"title":"\#(title)","metadata":\#(metadata)}"#)
        let id = try #require(chat["id"]?.stringValue)
        for text in texts { try caller.sendMessage(text, chat: id) }
        return id
    }

    @Test func wordsAreFoundWhateverTheirCaseAndAccentsAndTheLastWordAsAPrefix() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a1")
            try Self.chat(agent, "dessert", ["Ich hätte gern eine Crème Brûlée", "und danach Kaffee"])
            try Self.chat(agent, "vegetables", ["brussels sprouts, please"])
            try Self.chat(agent, "ÉTÉ", ["nothing here"])

            #expect(try Self.titles(agent, "q=creme") == ["dessert"])
            #expect(try Self.titles(agent, "q=CR%C3%88ME") == ["dessert"], "CRÈME")
            #expect(try Self.titles(agent, "q=hatte") == ["dessert"], "hätte folded")
            #expect(Set(try Self.titles(agent, "q=bru")) == ["dessert", "vegetables"], "the last word is a prefix")
            #expect(try Self.titles(agent, "q=creme%20bru") == ["dessert"], "words are ANDed")
            #expect(try Self.titles(agent, "q=bru%20creme").isEmpty, "only the last word is a prefix")
            #expect(try Self.titles(agent, "q=creme%20sprouts").isEmpty, "every word in one message or the title")
            #expect(try Self.titles(agent, "q=ete") == ["ÉTÉ"], "titles are searched too")
            #expect(try Self.titles(agent, "q=%22creme%22%20-brulee") == ["dessert"], "punctuation is not syntax")
            let title = try #require(try Self.search(agent, "q=ete").first)
            #expect(title.seq == nil && title.snippet == "ÉTÉ", "a title's match has no seq and shows the title")
        }
    }

    @Test func chineseJapaneseAndKoreanAreFoundByAnyPartOfARun() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a1")
            try Self.chat(agent, "tokyo", ["東京タワーに行きたいです"])
            try Self.chat(agent, "seoul", ["안녕하세요 서울"])
            try Self.chat(agent, "mixed", ["order 注文番号 12345 please"])

            func q(_ text: String) throws -> [String] {
                try Self.titles(agent, "q=" + text.utf8.map { String(format: $0) }.joined())
            }
            #expect(try q("東京") == ["tokyo"])
            #expect(try q("タワー") == ["tokyo"], "the middle of a run")
            #expect(try q("京") == ["tokyo"], "a single character")
            #expect(try q("大阪").isEmpty)
            #expect(try q("東京大阪").isEmpty, "every pair must be there")
            #expect(try q("하세요") == ["seoul"])
            #expect(try q("注文 1234") == ["mixed"])
            let match = try #require(try Self.search(agent, "q=" + "タワー".utf8.map { String(format: $0) }.joined()).first)
            #expect(match.seq == 1 && match.snippet == "東京タワーに行きたいです")
        }
    }

    @Test func searchIsANDedWithFiltersAndQuickViewsAndAnyOrder() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a1")
            let admin = app.caller(site, role: "admin", sub: "boss")
            let core = try Self.chat(agent, "core one", ["invoice missing"], metadata: #"{"team":"core","n":1}"#)
            try Self.chat(agent, "core two", ["invoice paid"], metadata: #"{"team":"core","n":2}"#)
            let web = try Self.chat(agent, "web one", ["invoice late"], metadata: #"{"team":"web","n":3}"#)
            try Self.chat(agent, "web two", ["nothing"], metadata: #"{"team":"web","n":4}"#)
            _ = try admin.expect(200, "PATCH", "/api/v1/chats/\(core)", json: #"{"status":"resolved","assignee_id":"a1"}"#)
            _ = try admin.expect(200, "PATCH", "/api/v1/chats/\(web)", json: #"{"assignee_id":"a2"}"#)

            #expect(Set(try Self.titles(agent, "q=invoice")) == ["core one", "core two", "web one"])
            #expect(Set(try Self.titles(agent, "q=invoice&metadata__team=core")) == ["core one", "core two"])
            #expect(try Self.titles(agent, "q=invoice&status=resolved") == ["core one"])
            #expect(try Self.titles(agent, "q=invoice&assignee_id=a1") == ["core one"], "the Mine view")
            #expect(try Self.titles(agent, "q=invoice&assignee_id__isnull=true") == ["core two"], "the Unassigned view")
            #expect(try Self.titles(agent, "q=invoice&metadata__n__gte=2&order=created_at") == ["core two", "web one"])
            #expect(try Self.titles(agent, "q=invoice&order=-created_at") == ["web one", "core two", "core one"])
            let paged = try agent.expect(200, "GET", "/api/v1/chats?q=invoice&order=created_at&limit=2")
            #expect(paged["chats"]?.arrayValue?.count == 2)
            let cursor = try #require(paged["next_cursor"]?.stringValue)
            #expect(try Self.titles(agent, "q=invoice&order=created_at&limit=2&cursor=\(cursor)") == ["web one"])
        }
    }

    @Test func relevanceOrdersByMatchingMessagesThenActivityAndPagesWithoutRepeats() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a1")
            try Self.chat(agent, "once", ["refund please"])
            try Self.chat(agent, "thrice", ["refund?", "refund, still waiting for the refund", "REFUND now"])
            try Self.chat(agent, "twice", ["refund", "refunded yet?"])
            try Self.chat(agent, "once later", ["my refund"])
            try Self.chat(agent, "none", ["hello"])

            #expect(try Self.titles(agent, "q=refund") == ["thrice", "twice", "once later", "once"])
            let best = try #require(try Self.search(agent, "q=refund").first)
            #expect(best.seq == 3 && best.snippet == "REFUND now", "the newest matching message")
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try agent.expect(200, "GET", "/api/v1/chats?q=refund&limit=1" + (cursor.map { "&cursor=\($0)" } ?? ""))
                seen += (page["chats"]?.arrayValue ?? []).map { $0["title"]?.stringValue ?? "" }
                cursor = page["next_cursor"]?.stringValue
            } while cursor != nil && seen.count < 10
            #expect(seen == ["thrice", "twice", "once later", "once"])
            let wrongCursor = try agent.call("GET", "/api/v1/chats?q=refund&order=created_at&cursor=" +
                                                     (try agent.expect(200, "GET", "/api/v1/chats?q=refund&limit=1")["next_cursor"]?.stringValue ?? ""))
            #expect(wrongCursor.status == 400, "a relevance cursor is not a cursor of another order")
        }
    }

    @Test func aSearchSeesOnlyWhatTheCallerMay() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let elsewhere = try app.createWebsite("Other")
            let vera = app.caller(site, role: "visitor", sub: "vera")
            let otto = app.caller(site, role: "visitor", sub: "otto")
            let agent = app.caller(site, role: "agent", sub: "a1")
            let scoped = app.caller(site, role: "agent", sub: "a2", scope: ["metadata": ["team": "core"]])
            let stranger = app.caller(elsewhere, role: "admin", sub: "boss")
            let veraChat = try #require(vera.sendMessage("parcel never arrived", metadata: #"{"team":"core"}"#)["chat_id"]?.stringValue)
            _ = try otto.sendMessage("parcel damaged", metadata: #"{"team":"web"}"#)
            try Self.chat(stranger, "theirs", ["parcel elsewhere"])
            _ = try agent.expect(201, "POST", "/api/v1/chats/\(veraChat)/messages", json: #"{"text":"parcel fraud suspected","type":"note"}"#)

            #expect(try Self.search(vera, "q=parcel").map(\.snippet) == ["parcel never arrived"], "a visitor: own chats, no note")
            #expect(try Self.titles(vera, "q=fraud").isEmpty, "a note's words never find a visitor's chat")
            #expect(try Self.titles(otto, "q=arrived").isEmpty)
            #expect(try Self.search(agent, "q=parcel").count == 2)
            #expect(try Self.search(agent, "q=fraud").map(\.snippet) == ["parcel fraud suspected"], "staff find notes")
            #expect(try Self.search(scoped, "q=parcel").count == 1, "a scoped agent: its scope only")
            #expect(try Self.search(stranger, "q=parcel").map(\.title) == ["theirs"], "another website: never")
        }
    }

    @Test func theSnippetShowsTheHitInABoundedPlainText() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a1")
            let filler = String(repeating: "lorem ipsum dolor ", count: 30)
            try Self.chat(agent, "long", [filler + "the <b>tracking</b> number is 42\\n\\n\\tthanks " + filler])
            let match = try #require(try Self.search(agent, "q=track").first)
            #expect(match.snippet.hasPrefix("…") && match.snippet.hasSuffix("…"))
            #expect(match.snippet.contains("the <b>tracking</b> number is 42 thanks"), "as written, whitespace runs as one space: \(match.snippet)")
            #expect(match.snippet.count <= 162)
        }
    }

    @Test func aBadQIsA400AndAnEmptyOneNoSearch() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a1")
            try Self.chat(agent, "one", ["hello"])
            for query in ["q=%21%3F%2A", "q=" + String(repeating: "a", count: 201), "q=" + (1...17).map { "w\($0)" }.joined(separator: "%20"),
                          "q=a&q=b"] {
                let response = try agent.call("GET", "/api/v1/chats?" + query)
                #expect(response.status == 400, "\(query.prefix(40))")
                #expect(response.errorCode == "bad_field", "\(query.prefix(40))")
            }
            let cleared = try agent.expect(200, "GET", "/api/v1/chats?q=%20")
            #expect(cleared["chats"]?.arrayValue?.count == 1 && cleared["chats"]?.arrayValue?.first?["match"] == nil)
        }
    }
}

private extension String {
    /// `%XX` of one UTF-8 byte.
    init(format byte: UInt8) {
        let digits = Array("0123456789ABCDEF")
        self = "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
    }
}
