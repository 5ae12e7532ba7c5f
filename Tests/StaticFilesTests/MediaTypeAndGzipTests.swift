import Testing
@testable import StaticFiles

@Suite("Media types and gzip")
final class MediaTypeAndGzipTests {
    let directory: SuiteDirectory

    init() throws {
        directory = try SuiteDirectory()
    }

    static let table: [(name: String, contentType: String, compressible: Bool)] = [
        ("app.js", "text/javascript; charset=utf-8", true),
        ("module.mjs", "text/javascript; charset=utf-8", true),
        ("page.html", "text/html; charset=utf-8", true),
        ("style.css", "text/css; charset=utf-8", true),
        ("data.json", "application/json", true),
        ("app.js.map", "application/json", true),
        ("logo.svg", "image/svg+xml", true),
        ("notes.txt", "text/plain; charset=utf-8", true),
        ("feed.xml", "application/xml", true),
        ("module.wasm", "application/wasm", true),
        ("logo.png", "image/png", false),
        ("photo.jpg", "image/jpeg", false),
        ("photo.jpeg", "image/jpeg", false),
        ("anim.gif", "image/gif", false),
        ("pic.webp", "image/webp", false),
        ("favicon.ico", "image/x-icon", false),
        ("font.woff2", "font/woff2", false),
        ("font.woff", "font/woff", false),
        ("manual.pdf", "application/pdf", false),
        ("archive.bin", "application/octet-stream", false),
        ("LICENSE", "application/octet-stream", false),
        ("SHOUT.JS", "text/javascript; charset=utf-8", true),
    ]

    @Test("each extension gets its media type, and gzip exactly when the type is compressible",
          arguments: table)
    func mediaType(name: String, contentType: String, compressible: Bool) throws {
        try directory.write(name, compressibleText())
        let catalog = try StaticFileCatalog(root: directory.path)
        let file = try #require(catalog.lookup("/" + name))
        #expect(file.contentType == contentType)
        #expect(file.hasGzipVariant == compressible)
    }

    @Test func gzipBodyInflatesToTheOriginalBytes() throws {
        let text = compressibleText()
        try directory.write("widget.js", text)
        let file = try #require(try StaticFileCatalog(root: directory.path).lookup("/widget.js"))
        let gzipBody = try #require(file.gzipBody)
        #expect(gzipBody.count < text.count)
        #expect(Array(gzipBody.prefix(3)) == [0x1F, 0x8B, 0x08])
        #expect(gunzip(gzipBody) == text)
        #expect(file.body == text)
    }

    @Test func gzipIsSkippedForImagesEvenWhenTheyWouldShrink() throws {
        try directory.write("logo.png", [UInt8](repeating: 0, count: 10_000))
        let file = try #require(try StaticFileCatalog(root: directory.path).lookup("/logo.png"))
        #expect(file.gzipBody == nil)
        #expect(file.gzipETag == nil)
    }

    @Test("gzip is skipped when it would not be smaller", arguments: [
        Array("hi".utf8), [], incompressibleBytes(count: 300),
    ])
    func gzipSkippedWhenNotSmaller(contents: [UInt8]) throws {
        try directory.write("tiny.txt", contents)
        let file = try #require(try StaticFileCatalog(root: directory.path).lookup("/tiny.txt"))
        #expect(file.body == contents)
        #expect(file.gzipBody == nil)
        #expect(file.gzipETag == nil)
    }

    @Test func representationPairsBodyETagAndEncoding() throws {
        try directory.write("widget.js", compressibleText())
        try directory.write("logo.png", [UInt8](repeating: 7, count: 2000))
        let catalog = try StaticFileCatalog(root: directory.path)
        let script = try #require(catalog.lookup("/widget.js"))

        let gzipped = script.representation(acceptEncoding: "br, gzip")
        #expect(gzipped.contentEncoding == "gzip")
        #expect(gzipped.body == script.gzipBody)
        #expect(gzipped.etag == script.gzipETag)

        for header in [nil, "identity", "gzip;q=0"] {
            let plain = script.representation(acceptEncoding: header)
            #expect(plain.contentEncoding == nil)
            #expect(plain.body == script.body)
            #expect(plain.etag == script.etag)
        }

        let image = try #require(catalog.lookup("/logo.png"))
        let imageRepresentation = image.representation(acceptEncoding: "gzip")
        #expect(imageRepresentation.contentEncoding == nil)
        #expect(imageRepresentation.etag == image.etag)
    }
}
