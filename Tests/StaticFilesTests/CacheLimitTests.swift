import Testing
@testable import StaticFiles

@Suite("Cache limits")
final class CacheLimitTests {
    let directory: SuiteDirectory

    init() throws {
        directory = try SuiteDirectory()
    }

    @Test func thePathLimitBoundsTheCacheAndEveryFileIsStillServed() throws {
        for index in 0..<10 {
            try directory.write("file\(index).txt", "contents \(index)")
        }
        let catalog = try StaticFileCatalog(
            root: directory.path, clock: ManualClock(), limits: CacheLimits(paths: 3, bytes: 1 << 20))
        for round in 0..<3 {
            for index in 0..<10 {
                #expect(catalog.lookup("/file\(index).txt")?.body == Array("contents \(index)".utf8), "round \(round)")
                #expect(catalog.cachedPathCount <= 3)
            }
        }
    }

    @Test func theByteLimitBoundsTheCache() throws {
        for index in 0..<5 {
            try directory.write("blob\(index).bin", incompressibleBytes(count: 600))
        }
        let catalog = try StaticFileCatalog(
            root: directory.path, clock: ManualClock(), limits: CacheLimits(paths: 100, bytes: 1000))
        for index in 0..<5 {
            #expect(catalog.lookup("/blob\(index).bin")?.body.count == 600)
            #expect(catalog.cachedBytes <= 1000)
        }
        #expect(catalog.cachedPathCount == 1)
    }

    @Test func manySpellingsOfOneFileShareOneCopy() throws {
        try directory.write("app.js", compressibleText())
        try directory.symlink("alias.js", to: "app.js")
        let catalog = try StaticFileCatalog(root: directory.path, clock: ManualClock())
        let spellings = ["/app.js", "/%61pp.js", "/a%70p.js", "/ap%70.js", "/app%2Ejs", "/%61%70%70%2e%6a%73", "/alias.js"]
        let original = try #require(catalog.lookup(spellings[0]))
        for spelling in spellings {
            #expect(catalog.lookup(spelling) === original, "\(spelling)")
        }
        #expect(catalog.cachedPathCount == spellings.count)
        #expect(catalog.cachedBytes == original.body.count + (original.gzipBody?.count ?? 0))
    }

    @Test func pathsAreComparedByteForByteNotByUnicodeEquivalence() throws {
        try directory.write("caf\u{E9}.txt", "precomposed")
        try directory.write("cafe\u{301}.txt", "decomposed")
        let catalog = try StaticFileCatalog(root: directory.path, clock: ManualClock())
        #expect(catalog.lookup("/caf\u{E9}.txt")?.body == Array("precomposed".utf8))
        #expect(catalog.lookup("/cafe\u{301}.txt")?.body == Array("decomposed".utf8))
        #expect(catalog.lookup("/caf%C3%A9.txt")?.body == Array("precomposed".utf8))
        #expect(catalog.lookup("/caf\u{E9}.txt")?.body == Array("precomposed".utf8))
    }
}
