import Chat
import HTTP
import EventLoop
import Media
import StaticFiles
import Threads
import Glibc

/// Attachments (contract §8): upload a file to a chat, download it with the bearer token.
enum AttachmentRoutes {
    static func register(_ router: inout Router<Route>, _ app: AppContext) {
        router.add(.post, "/api/v1/chats/{id}/attachments", .upload(check: { head, _ throws(APIError) in
            let upload = try AttachmentUpload(head, app)
            try app.limitWrites(upload.viewer)
            return upload.spoolPolicy
        }, run: { request, parameters in
            try await store(request, chatID: parameters["id"], app)
        }))
        router.add(.get, "/api/v1/attachments/{id}", .async { request, parameters in
            let viewer = try app.viewer(request)
            guard let attachment = try await app.attachments.find(parameters["id"], by: viewer) else { throw notFound }
            return try await download(attachment, from: app.attachmentStorage, request)
        })
    }

    static let notFound = APIError(.notFound, "not_found", "No such attachment.")

    /// Checks the complete upload, moves it to its content address and records it. A body that
    /// is refused is removed when the request is dropped (`SpooledBody`).
    private static func store(_ request: HTTPRequest, chatID: String, _ app: AppContext) async throws -> HTTPResponse {
        let upload = try AttachmentUpload(request.head, app)
        guard let body = request.spooledBody, body.size > 0 else {
            throw APIError(.badRequest, "bad_request", "The request body is the file, and it is empty.")
        }
        guard !MediaSignature(body.head, isWholeFile: body.headIsWholeBody).contradicts(declared: upload.contentType) else {
            throw APIError(.unsupportedMediaType, "unsupported_media_type", "The file's bytes are not \(upload.contentType).")
        }
        guard try await app.chats.find(chatID, by: upload.viewer) != nil else { throw ChatError.notFound }
        let dimensions = AttachmentSettings.inlineTypes.contains(upload.contentType) ? ImageDimensions(reading: body.head) : nil
        let sha256 = try await upload.files.digest(of: body)
        let attachment = try await app.attachments.create(
            NewAttachment(name: upload.name, contentType: upload.contentType, size: body.size, sha256: sha256,
                          width: dimensions?.width, height: dimensions?.height),
            chatID: chatID, by: upload.viewer, placeBytes: { [files = upload.files] database in
                try files.place(body, sha256: sha256, in: database)
            })
        return JSONResponse.make(.created, encoded: attachment.encoded())
    }

    /// The bytes, sent from the file with sendfile, with the headers §8 lists: never sniffed,
    /// never run (a sandbox without any source), private to the token's holder, and for anything
    /// but the images a browser only draws, a download rather than a page of this origin.
    private static func download(_ attachment: Attachment, from files: AttachmentStorage, _ request: HTTPRequest) async throws -> HTTPResponse {
        let etag = "\"" + attachment.sha256 + "\""
        var headers: [(name: String, value: String)] = [
            ("Content-Security-Policy", "sandbox; default-src 'none'"),
            ("Cache-Control", "private"),
            ("ETag", etag),
        ]
        if ContentNegotiation.ifNoneMatch(request.headers["if-none-match"], matches: etag) {
            return HTTPResponse(status: .notModified, headers: headers)
        }
        if AttachmentSettings.inlineTypes.contains(attachment.contentType) {
            headers.append(("Content-Type", attachment.contentType))
        } else {
            headers.append(("Content-Type", "application/octet-stream"))
            headers.append(("Content-Disposition", "attachment; filename*=UTF-8''" + percentEncoded(attachment.name)))
        }
        let file = SharedFile(adopting: try await files.open(attachment))
        let descriptor = file.descriptor
        var status = stat()
        guard fstat(descriptor, &status) == 0, Int(status.st_size) == attachment.size else {
            throw SystemError("fstat: the file of \(attachment.id) is not \(attachment.size) bytes", code: EIO)
        }
        return HTTPResponse(status: .ok, headers: headers, bodyFile: FileSlice(file: file, count: attachment.size))
    }

    /// RFC 8187 `value-chars`: every byte of the UTF-8 name but `attr-char` percent-encoded, so
    /// no name can end the header or its parameter.
    static func percentEncoded(_ name: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "+"), UInt8(ascii: "-"),
                 UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
                encoded.append(byte)
            default:
                encoded.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }
}
