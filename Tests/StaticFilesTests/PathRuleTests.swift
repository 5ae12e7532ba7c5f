import Foundation
import Testing
@testable import StaticFiles

/// Every refusal is tested against a file that really exists under the name the refused
/// spelling would reach, so each test fails if its rule goes away.
@Suite("Path rules")
final class PathRuleTests {
    /// `<tmp>/public` is the root; `<tmp>/secret.txt` sits next to it.
    let directory: SuiteDirectory
    let root: String
    let catalog: StaticFileCatalog

    init() throws {
        directory = try SuiteDirectory()
        try directory.write("secret.txt", "top secret")
        try directory.write("public/a.js", "console.log('a')")
        try directory.write("public/sub/b.css", "b {}")
        try directory.write("public/sub/index.html", "<p>sub</p>")
        try directory.write("public/index.html", "<p>home</p>")
        try directory.write("public/.env", "SECRET=1")
        try directory.write("public/.well-known/security.txt", "contact")
        try directory.write("public/sub/.hidden/x.js", "hidden")
        try directory.write("public/a b.css", "spaced {}")
        try directory.makeDirectory("public/empty")
        root = directory.path + "/public"
        catalog = try StaticFileCatalog(root: root)
    }

    @Test func plainAndPercentEncodedNamesAreServed() throws {
        #expect(catalog.lookup("/a.js")?.body == Array("console.log('a')".utf8))
        #expect(catalog.lookup("/sub/b.css")?.body == Array("b {}".utf8))
        #expect(catalog.lookup("/a%20b.css")?.body == Array("spaced {}".utf8))
        #expect(catalog.lookup("/%61.js")?.body == Array("console.log('a')".utf8))
    }

    @Test("dot-dot segments are refused in every spelling", arguments: [
        "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2e/secret.txt", "/.%2e/secret.txt", "/%2e./secret.txt",
        "/sub/../a.js", "/sub/%2e%2e/a.js", "/./a.js", "/%2e/a.js", "/sub/..", "/..",
    ])
    func dotSegments(path: String) throws {
        #expect(catalog.lookup(path) == nil)
    }

    @Test("an encoded slash is refused even when it would name a file", arguments: [
        "/sub%2fb.css", "/sub%2Fb.css", "/%2fa.js", "/%2e%2e%2fsecret.txt",
    ])
    func encodedSlash(path: String) throws {
        #expect(catalog.lookup(path) == nil)
    }

    @Test("backslashes are refused raw and encoded", arguments: [
        "/back\\slash.js", "/back%5cslash.js", "/back%5Cslash.js", "/..\\secret.txt", "/%2e%2e%5csecret.txt",
    ])
    func backslash(path: String) throws {
        try directory.write("public/back\\slash.js", "file with a backslash in its name")
        #expect(catalog.lookup(path) == nil)
    }

    @Test("NUL and other control characters are refused raw and encoded", arguments: [
        "/a.js\u{0}.png", "/a.js%00", "/a.js%00.png", "/tab%09name.js", "/tab\tname.js", "/del%7Fname.js",
        "/c1%C2%85name.js", "/c1\u{85}name.js",
    ])
    func controlCharacters(path: String) throws {
        try directory.write("public/tab\tname.js", "tab")
        try directory.write("public/del\u{7F}name.js", "delete")
        try directory.write("public/c1\u{85}name.js", "next line")
        #expect(catalog.lookup(path) == nil)
    }

    @Test("invalid percent-encoding is refused", arguments: ["/%zz.js", "/%4", "/a.js%", "/%g1.js", "/%%41.js"])
    func invalidPercentEncoding(path: String) throws {
        for name in ["%zz.js", "%4", "a.js%", "%g1.js", "%%41.js"] {
            try directory.write("public/" + name, "literal percent")
        }
        #expect(catalog.lookup(path) == nil)
    }

    @Test("invalid UTF-8 after decoding is refused", arguments: ["/%FF.js", "/%C3%28.js", "/%ED%A0%80.js"])
    func invalidUTF8(path: String) throws {
        let name = try #require(RequestPathBytes.decode(path))
        try createFile(atRawPath: Array(root.utf8) + name, contents: "raw bytes")
        // Also the name a lenient decoder would produce by repairing the bytes.
        try directory.write("public" + String(decoding: name, as: UTF8.self), "repaired name")
        #expect(catalog.lookup(path) == nil)
    }

    @Test("empty segments are refused", arguments: ["//a.js", "/sub//b.css", "//", "/sub//", "///secret.txt"])
    func emptySegments(path: String) throws {
        #expect(catalog.lookup(path) == nil)
    }

    @Test("hidden files and directories are refused", arguments: [
        "/.env", "/%2eenv", "/%2Eenv", "/.well-known/security.txt", "/sub/.hidden/x.js", "/sub/%2ehidden/x.js",
    ])
    func hiddenNames(path: String) throws {
        #expect(catalog.lookup(path) == nil)
    }

    @Test("paths that are not absolute are refused", arguments: ["a.js", "", "*", "http://host/a.js"])
    func notAbsolute(path: String) throws {
        #expect(catalog.lookup(path) == nil)
    }

    @Test func slashAndTrailingSlashMapToIndexHTML() throws {
        let home = try #require(catalog.lookup("/"))
        #expect(home.body == Array("<p>home</p>".utf8))
        #expect(home.contentType == "text/html; charset=utf-8")
        #expect(catalog.lookup("/sub/")?.body == Array("<p>sub</p>".utf8))
        // The same file reached by two paths is held once.
        #expect(catalog.lookup("/index.html") === home)
    }

    @Test("directories are not files", arguments: ["/sub", "/empty", "/empty/", "/a.js/"])
    func directories(path: String) throws {
        #expect(catalog.lookup(path) == nil)
    }

    @Test func rootWithoutIndexIsNotFound() throws {
        try directory.remove("public/index.html")
        #expect(catalog.lookup("/") == nil)
    }

    @Test func specialFilesAreRefusedWithoutBlocking() throws {
        #expect(mkfifo(root + "/pipe.js", 0o644) == 0)
        #expect(catalog.lookup("/pipe.js") == nil)
    }

    @Test func pathsLongerThan1024BytesAreRefused() throws {
        let directories = String(repeating: String(repeating: "d", count: 200) + "/", count: 4)  // 804 bytes
        let atLimit = "/" + directories + String(repeating: "f", count: 1024 - 1 - directories.utf8.count)
        let overLimit = atLimit + "g"
        try directory.write("public" + atLimit, "at the limit")
        try directory.write("public" + overLimit, "over the limit")
        #expect(atLimit.utf8.count == 1024)
        #expect(catalog.lookup(atLimit)?.body == Array("at the limit".utf8))
        #expect(catalog.lookup(overLimit) == nil)
    }

    @Test func filesOver32MiBAreNotServed() throws {
        for (name, size) in [("limit.bin", StaticFileCatalog.maximumFileSize), ("over.bin", StaticFileCatalog.maximumFileSize + 1)] {
            let handle = try #require(FileHandle(forWritingAtPath: try directory.write("public/" + name, [])))
            try handle.truncate(atOffset: UInt64(size))
            try handle.close()
        }
        #expect(catalog.lookup("/limit.bin")?.body.count == StaticFileCatalog.maximumFileSize)
        #expect(catalog.lookup("/over.bin") == nil)
    }
}

/// Percent-decoding with no rules at all, to create the file a refused path would reach.
enum RequestPathBytes {
    static func decode(_ path: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        var iterator = path.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return bytes
    }
}
