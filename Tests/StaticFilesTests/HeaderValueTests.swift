import Foundation
import Testing
@testable import StaticFiles

@Suite("ETag, Last-Modified and Cache-Control")
final class HeaderValueTests {
    let directory: SuiteDirectory

    init() throws {
        directory = try SuiteDirectory()
    }

    @Test func etagIsAQuotedDigestOfTheBytesAndTheGzipTagDiffers() throws {
        try directory.write("a.js", compressibleText())
        try directory.write("copy/of-a.js", compressibleText())
        try directory.write("b.js", compressibleText("another file\n"))
        let catalog = try StaticFileCatalog(root: directory.path)
        let a = try #require(catalog.lookup("/a.js"))
        let copy = try #require(catalog.lookup("/copy/of-a.js"))
        let b = try #require(catalog.lookup("/b.js"))

        #expect(a.etag.hasPrefix("\"") && a.etag.hasSuffix("\"") && a.etag.count == 18)
        #expect(a.etag == copy.etag)
        #expect(a.etag != b.etag)
        #expect(a.gzipETag == String(a.etag.dropLast()) + "-gz\"")
        #expect(a.gzipETag != a.etag)
    }

    @Test func etagIsStableAcrossCatalogs() throws {
        try directory.write("a.js", compressibleText())
        let first = try #require(try StaticFileCatalog(root: directory.path).lookup("/a.js"))
        let second = try #require(try StaticFileCatalog(root: directory.path).lookup("/a.js"))
        #expect(first.etag == second.etag)
        #expect(first.gzipETag == second.gzipETag)
    }

    @Test func etagOfKnownBytesIsFNV1a64() {
        #expect(EntityTags(body: []).identity == "\"cbf29ce484222325\"")
        #expect(EntityTags(body: Array("a".utf8)).identity == "\"af63dc4c8601ec8c\"")
    }

    @Test func lastModifiedIsTheMtimeAsIMFFixdate() throws {
        let path = try directory.write("a.css", "body {}")
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 784_111_777)], ofItemAtPath: path)
        let file = try #require(try StaticFileCatalog(root: directory.path).lookup("/a.css"))
        #expect(file.lastModified == "Sun, 06 Nov 1994 08:49:37 GMT")
    }

    @Test func imfFixdatePadsEveryField() {
        #expect(HTTPDate.imfFixdate(secondsSince1970: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.imfFixdate(secondsSince1970: 1_709_251_199) == "Thu, 29 Feb 2024 23:59:59 GMT")
    }

    @Test func cacheControlIsPublicForFiveMinutes() throws {
        try directory.write("a.js", "x")
        let file = try #require(try StaticFileCatalog(root: directory.path).lookup("/a.js"))
        #expect(file.cacheControl == "public, max-age=300")
    }

    @Test func theCatalogsTagsMatchThemselves() throws {
        try directory.write("app.js", compressibleText())
        let file = try #require(try StaticFileCatalog(root: directory.path).lookup("/app.js"))
        let gzipETag = try #require(file.gzipETag)
        #expect(ContentNegotiation.ifNoneMatch(file.etag, matches: file.etag))
        #expect(ContentNegotiation.ifNoneMatch("W/" + gzipETag, matches: gzipETag))
        #expect(!ContentNegotiation.ifNoneMatch(gzipETag, matches: file.etag))
    }
}
