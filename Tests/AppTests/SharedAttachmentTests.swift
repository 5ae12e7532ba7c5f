import JSON
import PostgresTestSupport
import Testing
import TestSupport

/// Attachments in a cluster (contract §8 and §12, issue 16): on PostgreSQL the bytes live in the
/// shared database, so an upload through one node downloads byte for byte through another, and
/// deleting the last attachment that names them deletes them from the database.
@Suite struct SharedAttachmentTests {
    @Test func anUploadThroughOneNodeDownloadsThroughTheOtherAndGoesWithItsLastRow() async throws {
        // Two parts, the second short: the parts are read back in order.
        let bytes = (0..<((1 << 20) + 1234)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) }
        try await withAsyncTestDatabase { database in
            try await withServer(configure: { $0.database = database }) { first, server in
                try await withServer(configure: { $0.database = database }) { second, _ in
                    let parts: @Sendable () async throws -> Int64 = {
                        try await server.store.read { database in
                            try database.queryOne("SELECT count(*) FROM attachment_parts") { $0.int(0) ?? -1 } ?? -1
                        }
                    }
                    let (site, id) = try await onThread {
                        let site = try first.createWebsite()
                        _ = try first.caller(site, role: "admin", sub: "boss")
                            .expect(200, "PATCH", "/api/v1/website", json: #"{"attachments":{"types":["application/octet-stream"]}}"#)
                        let visitor = first.caller(site, role: "visitor", sub: "v1")
                        let chat = try visitor.expect(201, "POST", "/api/v1/chats", json: "{}")["id"]?.stringValue ?? ""
                        let uploaded = try AttachmentAPITests.upload(visitor, chat: chat, name: "data.bin", type: "application/octet-stream", bytes)
                        #expect(uploaded.status == 201, "\(uploaded.text)")
                        let id = try uploaded.json()["id"]?.stringValue ?? ""
                        // The same bytes again are stored once (two rows, one set of parts).
                        let twin = try AttachmentAPITests.upload(visitor, chat: chat, name: "copy.bin", type: "application/octet-stream", bytes)
                        #expect(twin.status == 201)
                        try AttachmentAPITests.send(visitor, chat: chat, [id, try twin.json()["id"]?.stringValue ?? ""])

                        let agent = second.caller(site, role: "agent", sub: "a1")
                        try eventually("the second node knows the website") { try agent.call("GET", "/api/v1/chats").status == 200 }
                        let download = try agent.call("GET", "/api/v1/attachments/\(id)")
                        #expect(download.status == 200)
                        #expect(download.body == bytes)
                        #expect(download.header("Content-Disposition") == "attachment; filename*=UTF-8''data.bin")

                        return (site, id)
                    }
                    #expect(try await parts() == 2)
                    try await onThread { () throws in
                        #expect(try second.caller(site, role: "admin", sub: "boss").call("DELETE", "/api/v1/visitors/v1").status == 204)
                        #expect(try second.caller(site, role: "agent", sub: "a1").call("GET", "/api/v1/attachments/\(id)").status == 404)
                    }
                    #expect(try await parts() == 0)
                }
            }
        }
    }
}
