import App
import Auth
import Glibc
import JSON
import Testing
import TestSupport

/// Attachments (contract §8, issue 16) on SQLite, where their bytes live under the data
/// directory: these tests run on SQLite whatever backend the suite runs on (PostgreSQL's storage
/// of attachments is not built yet).
@Suite struct AttachmentAPITests {
    static let fixtures = String(repositoryPublicDirectory.dropLast("Public".count)) + "Tests/MediaTests/Fixtures/"

    /// A server on SQLite for one test; `leftover` is a file of an interrupted upload, in
    /// `attachments/incoming` before the server starts.
    static func withSQLiteApp(configure: @escaping @Sendable (inout ServeConfiguration) -> Void = { _ in }, leftover: String? = nil,
                              _ body: @escaping @Sendable (TestApp) throws -> Void) async throws {
        let data = try TemporaryDirectory("webchat-attach")
        if let leftover { try data.write("attachments/incoming/" + leftover, "half an upload") }
        let publicDirectory = try TemporaryDirectory("webchat-public")
        defer {
            data.remove()
            publicDirectory.remove()
        }
        var configuration = ServeConfiguration.forTest(dataDirectory: data.path, publicDirectory: publicDirectory.path)
        configure(&configuration)
        try await running(configuration, publicDirectory: publicDirectory) { app, _ in
            try await onThread { try body(app) }
        }
    }

    /// `POST /chats/{chat}/attachments?name=…` with `bytes` as the body.
    static func upload(_ caller: TestApp.Caller, chat: String, name: String, type: String?, _ bytes: [UInt8],
                       chunked: Bool = false) throws -> RawResponse {
        let client = try RawClient(port: caller.port)
        var head = "POST /api/v1/chats/\(chat)/attachments?name=\(name) HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer \(caller.token)\r\n"
        if let type { head += "Content-Type: \(type)\r\n" }
        head += chunked ? "Transfer-Encoding: chunked\r\n\r\n" : "Content-Length: \(bytes.count)\r\n\r\n"
        try client.send(head)
        if chunked {
            var offset = 0
            while offset < bytes.count {
                let piece = bytes[offset..<min(offset + 65536, bytes.count)]
                do {
                    try client.send(Array("\(String(piece.count, radix: 16))\r\n".utf8) + piece + Array("\r\n".utf8))
                } catch {
                    break  // refused and closed: the answer is read below
                }
                offset += piece.count
            }
            if offset == bytes.count { try client.send("0\r\n\r\n") }
        } else {
            try client.send(bytes)
        }
        return try client.readResponse()
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        let digest = SHA256Digest()
        bytes.withUnsafeBytes { digest.update($0) }
        return digest.hexDigest()
    }

    /// Sends the uploads `ids` in a message to `chat`; returns the message.
    @discardableResult
    static func send(_ caller: TestApp.Caller, chat: String, _ ids: [String], text: String = "", type: String = "text") throws -> JSONValue {
        let list = ids.map { "\"\($0)\"" }.joined(separator: ",")
        return try caller.expect(201, "POST", "/api/v1/chats/\(chat)/messages",
                                 json: #"{"text":"\#(text)","type":"\#(type)","attachment_ids":[\#(list)]}"#)
    }

    /// The names under `directory`, or [] when it does not exist.
    static func names(_ directory: String) -> [String] {
        directoryEntries(directory) ?? []
    }

    @Test func anImageIsStoredByContentAndServedWithTheHeadersOfSection8() async throws {
        let png = try readFile(Self.fixtures + "image.png")
        try await Self.withSQLiteApp { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let chat = try visitor.expect(201, "POST", "/api/v1/chats", json: "{}")["id"]?.stringValue ?? ""
            let response = try Self.upload(visitor, chat: chat, name: "screen%20shot.png", type: "image/png", png)
            #expect(response.status == 201, "\(response.text)")
            let attachment = try response.json()
            let id = attachment["id"]?.stringValue ?? ""
            #expect(id.hasPrefix("att_"))
            #expect(attachment["chat_id"]?.stringValue == chat)
            #expect(attachment["name"]?.stringValue == "screen shot.png")
            #expect(attachment["content_type"]?.stringValue == "image/png")
            #expect(attachment["size"]?.intValue == png.count)
            #expect(attachment["sha256"]?.stringValue == Self.sha256(png))
            #expect(attachment["width"]?.intValue == 37)
            #expect(attachment["height"]?.intValue == 21)
            #expect(attachment["created_at"]?.stringValue?.hasSuffix("Z") == true)
            let sha = Self.sha256(png)
            #expect(try readFile(app.dataDirectory + "/attachments/" + sha.prefix(2) + "/" + sha) == png)
            #expect(Self.names(app.dataDirectory + "/attachments/incoming").isEmpty)
            try Self.send(visitor, chat: chat, [id])

            for caller in [visitor, app.caller(site, role: "agent", sub: "a1")] {
                let download = try caller.call("GET", "/api/v1/attachments/\(id)")
                #expect(download.status == 200)
                #expect(download.body == png)
                #expect(download.header("Content-Type") == "image/png")
                #expect(download.header("X-Content-Type-Options") == "nosniff")
                #expect(download.header("Content-Security-Policy") == "sandbox; default-src 'none'")
                #expect(download.header("Cache-Control") == "private")
                #expect(download.header("ETag") == "\"\(sha)\"")
                #expect(download.header("Content-Disposition") == nil)
            }
            let again = try visitor.call("GET", "/api/v1/attachments/\(id)", headers: [("If-None-Match", "\"\(sha)\"")])
            #expect(again.status == 304)
            #expect(again.body.isEmpty)
            // The download needs the token.
            #expect(try app.request("GET", "/api/v1/attachments/\(id)").status == 401)
        }
    }

    @Test func otherFilesAreDownloadsUnderTheirNameAndIdenticalBytesAreStoredOnce() async throws {
        let pdf = try readFile(Self.fixtures + "document.pdf")
        try await Self.withSQLiteApp { app in
            let site = try app.createWebsite()
            let agent = app.caller(site, role: "agent", sub: "a1")
            let chat = try agent.expect(201, "POST", "/api/v1/chats", json: "{}")["id"]?.stringValue ?? ""
            let first = try Self.upload(agent, chat: chat, name: "r%C3%A9sum%C3%A9%20%22final%22.pdf", type: "application/pdf", pdf).json()
            let second = try Self.upload(agent, chat: chat, name: "copy.pdf", type: "Application/PDF; x=y", pdf, chunked: true).json()
            #expect(first["sha256"] == second["sha256"])
            #expect(first["id"] != second["id"])
            #expect(first["width"] == nil)
            let sha = Self.sha256(pdf)
            #expect(Self.names(app.dataDirectory + "/attachments/" + sha.prefix(2)) == [sha])

            let download = try agent.call("GET", "/api/v1/attachments/\(first["id"]?.stringValue ?? "")")
            #expect(download.body == pdf)
            #expect(download.header("Content-Type") == "application/octet-stream")
            #expect(download.header("Content-Disposition") == "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.pdf")

            let text = Array("plain words\n".utf8)
            let note = try Self.upload(agent, chat: chat, name: "note.txt", type: "text/plain; charset=utf-8", text).json()
            #expect(note["content_type"]?.stringValue == "text/plain")
            let served = try agent.call("GET", "/api/v1/attachments/\(note["id"]?.stringValue ?? "")")
            #expect(served.header("Content-Type") == "application/octet-stream")
            #expect(served.body == text)
        }
    }

    @Test func refusedUploadsAnswerClearlyAndLeaveNothing() async throws {
        let png = try readFile(Self.fixtures + "image.png")
        try await Self.withSQLiteApp(configure: { $0.maxAttachmentBytes = 4096 }) { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let chat = try visitor.expect(201, "POST", "/api/v1/chats", json: "{}")["id"]?.stringValue ?? ""
            let cases: [(String, RawResponse, Int, String)] = [
                ("no token", try Self.upload(TestApp.Caller(app: app, token: "x"), chat: chat, name: "a.png", type: "image/png", png), 401, "unauthorized"),
                ("type not allowed", try Self.upload(visitor, chat: chat, name: "a.svg", type: "image/svg+xml", Array("<svg/>".utf8)), 415, "unsupported_media_type"),
                ("no type", try Self.upload(visitor, chat: chat, name: "a.png", type: nil, png), 415, "unsupported_media_type"),
                ("bytes contradict the type", try Self.upload(visitor, chat: chat, name: "a.jpg", type: "image/jpeg", png), 415, "unsupported_media_type"),
                ("binary as text", try Self.upload(visitor, chat: chat, name: "a.txt", type: "text/plain", png), 415, "unsupported_media_type"),
                ("slash in the name", try Self.upload(visitor, chat: chat, name: "a%2Fb.png", type: "image/png", png), 400, "bad_field"),
                ("backslash in the name", try Self.upload(visitor, chat: chat, name: "a%5Cb.png", type: "image/png", png), 400, "bad_field"),
                ("control character", try Self.upload(visitor, chat: chat, name: "a%0Ab.png", type: "image/png", png), 400, "bad_field"),
                ("bidirectional control", try Self.upload(visitor, chat: chat, name: "a%E2%80%AEgnp.exe", type: "image/png", png), 400, "bad_field"),
                ("name too long", try Self.upload(visitor, chat: chat, name: String(repeating: "a", count: 256), type: "image/png", png), 400, "bad_field"),
                ("no name", try Self.upload(visitor, chat: chat, name: "", type: "image/png", png), 400, "bad_field"),
                ("over the size", try Self.upload(visitor, chat: chat, name: "big.png", type: "image/png", png + [UInt8](repeating: 0, count: 4096)), 413, "payload_too_large"),
                ("chunked over the size", try Self.upload(visitor, chat: chat, name: "big.png", type: "image/png",
                                                          png + [UInt8](repeating: 0, count: 200_000), chunked: true), 413, "payload_too_large"),
                ("empty", try Self.upload(visitor, chat: chat, name: "a.txt", type: "text/plain", []), 400, "bad_request"),
                ("unknown chat", try Self.upload(visitor, chat: "ch_nothere", name: "a.png", type: "image/png", png), 404, "not_found"),
                ("another visitor's chat", try Self.upload(app.caller(site, role: "visitor", sub: "v2"), chat: chat, name: "a.png",
                                                           type: "image/png", png), 404, "not_found"),
            ]
            for (what, response, status, code) in cases {
                #expect(response.status == status, "\(what): \(response.text)")
                #expect(response.errorCode == code, "\(what)")
                #expect(response.header("Access-Control-Allow-Origin") == "*", "\(what)")
            }
            try eventually("every refused upload's file is removed") {
                Self.names(app.dataDirectory + "/attachments").sorted() == ["incoming"] && Self.names(app.dataDirectory + "/attachments/incoming").isEmpty
            }
        }
    }

    @Test func aWebsiteChoosesItsTypesAndSizeWithinTheOperatorsBound() async throws {
        let png = try readFile(Self.fixtures + "image.png")
        try await Self.withSQLiteApp(configure: { $0.maxAttachmentBytes = 1000 }) { app in
            let site = try app.createWebsite()
            let admin = app.caller(site, role: "admin", sub: "boss")
            let defaults = try admin.expect(200, "GET", "/api/v1/website")["attachments"]
            #expect(defaults == ["max_bytes": 10_485_760, "types": ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain"]])
            for bad in [#"{"attachments":{"max_bytes":0}}"#, #"{"attachments":{"types":["image"]}}"#, #"{"attachments":{"types":["text/plain; charset=utf-8"]}}"#,
                        #"{"attachments":{"extra":1}}"#, #"{"attachments":[]}"#] {
                let refused = try admin.call("PATCH", "/api/v1/website", json: bad)
                #expect(refused.status == 400, "\(bad)")
                #expect(refused.errorCode == "bad_field", "\(bad)")
            }
            // The object replaces the setting whole: max_bytes goes back to its default.
            _ = try admin.expect(200, "PATCH", "/api/v1/website", json: #"{"attachments":{"max_bytes":500}}"#)
            let changed = try admin.expect(200, "PATCH", "/api/v1/website", json: #"{"attachments":{"types":["Image/SVG+XML","text/plain"]}}"#)
            #expect(changed["attachments"] == ["max_bytes": 10_485_760, "types": ["image/svg+xml", "text/plain"]])

            let chat = try admin.expect(201, "POST", "/api/v1/chats", json: "{}")["id"]?.stringValue ?? ""
            #expect(try Self.upload(admin, chat: chat, name: "a.png", type: "image/png", png).status == 415)
            // Allowed, and still never shown inline: a download under its name.
            let svg = Array("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>".utf8)
            let stored = try Self.upload(admin, chat: chat, name: "a.svg", type: "image/svg+xml", svg).json()
            let served = try admin.call("GET", "/api/v1/attachments/\(stored["id"]?.stringValue ?? "")")
            #expect(served.body == svg)
            #expect(served.header("Content-Type") == "application/octet-stream")
            #expect(served.header("Content-Disposition") == "attachment; filename*=UTF-8''a.svg")
            // The operator's bound (1000 bytes) cuts the website's 10 MiB.
            #expect(try Self.upload(admin, chat: chat, name: "big.txt", type: "text/plain", [UInt8](repeating: 0x61, count: 1001)).status == 413)
            #expect(try Self.upload(admin, chat: chat, name: "fits.txt", type: "text/plain", [UInt8](repeating: 0x61, count: 1000)).status == 201)
            _ = try admin.expect(200, "PATCH", "/api/v1/website", json: #"{"attachments":{"max_bytes":10,"types":[]}}"#)
            let none = try Self.upload(admin, chat: chat, name: "a.txt", type: "text/plain", Array("hi".utf8))
            #expect(none.status == 415)
            #expect(none.text.contains("accepts no attachments"))
        }
    }

    @Test func deletingAVisitorsDataDeletesTheirChatsAttachments() async throws {
        let png = try readFile(Self.fixtures + "image.png")
        try await Self.withSQLiteApp { app in
            let site = try app.createWebsite()
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let chat = try visitor.expect(201, "POST", "/api/v1/chats", json: "{}")["id"]?.stringValue ?? ""
            let id = try Self.upload(visitor, chat: chat, name: "a.png", type: "image/png", png).json()["id"]?.stringValue ?? ""
            try Self.send(visitor, chat: chat, [id])
            let admin = app.caller(site, role: "admin", sub: "boss")
            #expect(try admin.call("GET", "/api/v1/attachments/\(id)").status == 200)
            #expect(try admin.call("DELETE", "/api/v1/visitors/v1").status == 204)
            #expect(try admin.call("GET", "/api/v1/attachments/\(id)").status == 404)
        }
    }

    @Test func filesOfUploadsInterruptedByAStopAreRemovedAtStart() async throws {
        try await Self.withSQLiteApp(leftover: "upload-0123.part") { app in
            #expect(Self.names(app.dataDirectory + "/attachments/incoming").isEmpty)
        }
    }

    @Test func anAttachmentIsVisibleExactlyWhenItsChatIs() async throws {
        let png = try readFile(Self.fixtures + "image.png")
        try await Self.withSQLiteApp { app in
            let site = try app.createWebsite()
            let other = try app.createWebsite("Other")
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            let chat = try visitor.expect(201, "POST", "/api/v1/chats", json: #"{"metadata":{"team":"sales"}}"#)["id"]?.stringValue ?? ""
            let id = try Self.upload(visitor, chat: chat, name: "a.png", type: "image/png", png).json()["id"]?.stringValue ?? ""
            try Self.send(visitor, chat: chat, [id])
            let path = "/api/v1/attachments/\(id)"
            #expect(try app.caller(site, role: "admin", sub: "boss").call("GET", path).status == 200)
            #expect(try app.caller(site, role: "agent", sub: "sales", scope: ["metadata": ["team": "sales"]]).call("GET", path).status == 200)
            for (who, caller) in [
                ("another visitor", app.caller(site, role: "visitor", sub: "v2")),
                ("an agent outside the scope", app.caller(site, role: "agent", sub: "support", scope: ["metadata": ["team": "support"]])),
                ("another website's admin", app.caller(other, role: "admin", sub: "boss")),
            ] {
                let response = try caller.call("GET", path)
                #expect(response.status == 404, "\(who)")
                #expect(response.body.count < 200, "\(who)")
            }
            #expect(try visitor.call("GET", "/api/v1/attachments/att_nothere").status == 404)
        }
    }
}
