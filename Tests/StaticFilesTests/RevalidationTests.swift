import Testing
@testable import StaticFiles

@Suite("Caching and revalidation")
final class RevalidationTests {
    let directory: SuiteDirectory

    init() throws {
        directory = try SuiteDirectory()
    }

    @Test func aChangedFileIsServedFromMemoryUntilTheIntervalEndsThenReloaded() throws {
        try directory.write("app.js", "version 1")
        let clock = ManualClock()
        let catalog = try StaticFileCatalog(root: directory.path, clock: clock)
        let first = try #require(catalog.lookup("/app.js"))
        #expect(catalog.lookup("/app.js")?.etag == first.etag)

        try directory.write("app.js", "version 2, longer")
        clock.advance(by: 999)
        #expect(catalog.lookup("/app.js") === first)

        clock.advance(by: 1)
        let second = try #require(catalog.lookup("/app.js"))
        #expect(second.body == Array("version 2, longer".utf8))
        #expect(second.etag != first.etag)
    }

    @Test func aRewriteOfTheSameSizeIsNoticed() throws {
        try directory.write("app.js", "aaaa")
        let clock = ManualClock()
        let catalog = try StaticFileCatalog(root: directory.path, clock: clock)
        let first = try #require(catalog.lookup("/app.js"))
        try directory.write("app.js", "bbbb")
        clock.advance(by: 1000)
        #expect(catalog.lookup("/app.js")?.body == Array("bbbb".utf8))
        #expect(catalog.lookup("/app.js")?.etag != first.etag)
    }

    @Test func anUnchangedFileKeepsItsLoadedCopyAfterRevalidation() throws {
        try directory.write("app.js", "same")
        let clock = ManualClock()
        let catalog = try StaticFileCatalog(root: directory.path, clock: clock)
        let first = try #require(catalog.lookup("/app.js"))
        clock.advance(by: 5000)
        #expect(catalog.lookup("/app.js") === first)
    }

    @Test func aDeletedFileIsEvicted() throws {
        try directory.write("app.js", "soon gone")
        let clock = ManualClock()
        let catalog = try StaticFileCatalog(root: directory.path, clock: clock)
        #expect(catalog.lookup("/app.js") != nil)
        try directory.remove("app.js")
        clock.advance(by: 1000)
        #expect(catalog.lookup("/app.js") == nil)
        #expect(catalog.cachedPathCount == 0)
        #expect(catalog.cachedBytes == 0)
    }

    @Test func aSymlinkRepointedOutsideIsRefusedAtRevalidation() throws {
        try directory.write("public/real.js", "inside")
        try directory.write("secret.js", "outside")
        try directory.symlink("public/link.js", to: "real.js")
        let clock = ManualClock()
        let catalog = try StaticFileCatalog(root: directory.path + "/public", clock: clock)
        #expect(catalog.lookup("/link.js")?.body == Array("inside".utf8))
        try directory.remove("public/link.js")
        try directory.symlink("public/link.js", to: "../secret.js")
        clock.advance(by: 1000)
        #expect(catalog.lookup("/link.js") == nil)
    }

    @Test func missesAreNotCachedSoNewFilesAppearAtOnce() throws {
        let catalog = try StaticFileCatalog(root: directory.path, clock: ManualClock())
        #expect(catalog.lookup("/new.js") == nil)
        try directory.write("new.js", "fresh")
        #expect(catalog.lookup("/new.js")?.body == Array("fresh".utf8))
    }

    @Test func notFoundProbesLeaveNothingBehind() throws {
        let catalog = try StaticFileCatalog(root: directory.path, clock: ManualClock())
        for index in 0..<2000 {
            #expect(catalog.lookup("/probe-\(index).php") == nil)
        }
        #expect(catalog.cachedPathCount == 0)
    }
}
