import Testing
@testable import StaticFiles

@Suite("Symlinks and the root")
final class SymlinkAndRootTests {
    /// `<tmp>/public` is the root; `<tmp>/outside` and `<tmp>/public-old` are next to it.
    let directory: SuiteDirectory
    let root: String
    let catalog: StaticFileCatalog

    init() throws {
        directory = try SuiteDirectory()
        try directory.write("public/app.js", "app")
        try directory.write("public/sub/b.css", "b {}")
        try directory.write("public/.env", "SECRET=1")
        try directory.write("outside/x.js", "outside")
        try directory.write("outside/index.html", "<p>outside</p>")
        try directory.write("public-old/x.js", "sibling with a common prefix")
        root = directory.path + "/public"
        catalog = try StaticFileCatalog(root: root)
    }

    @Test func symlinkToASystemFileIsRefused() throws {
        try directory.symlink("public/passwd", to: "/etc/passwd")
        try directory.symlink("public/passwd.txt", to: "../../../../../../../../etc/passwd")
        #expect(catalog.lookup("/passwd") == nil)
        #expect(catalog.lookup("/passwd.txt") == nil)
    }

    @Test func symlinkedDirectoryPointingOutsideIsRefused() throws {
        try directory.symlink("public/ext", to: directory.path + "/outside")
        #expect(catalog.lookup("/ext/x.js") == nil)
        #expect(catalog.lookup("/ext/") == nil)
    }

    @Test func symlinkToASiblingSharingTheRootsPrefixIsRefused() throws {
        try directory.symlink("public/sneaky.js", to: "../public-old/x.js")
        #expect(catalog.lookup("/sneaky.js") == nil)
    }

    @Test func symlinkToAHiddenFileInsideIsRefused() throws {
        try directory.symlink("public/env.txt", to: ".env")
        #expect(catalog.lookup("/env.txt") == nil)
    }

    @Test func symlinksInsideTheRootAreFollowedAndShareTheLoadedFile() throws {
        try directory.symlink("public/alias.js", to: "app.js")
        try directory.symlink("public/styles", to: root + "/sub")
        let original = try #require(catalog.lookup("/app.js"))
        let alias = try #require(catalog.lookup("/alias.js"))
        #expect(alias === original)
        #expect(catalog.lookup("/styles/b.css")?.body == Array("b {}".utf8))
    }

    @Test func mediaTypeFollowsTheResolvedName() throws {
        try directory.symlink("public/script", to: "app.js")
        #expect(catalog.lookup("/script")?.contentType == "text/javascript; charset=utf-8")
    }

    @Test func symlinkToANameThatIsNotUTF8IsRefused() throws {
        let oddName = Array((root + "/").utf8) + [0xFF, 0x2E, 0x6A, 0x73]
        try createFile(atRawPath: oddName, contents: "odd")
        try createSymlink(atRawPath: Array((root + "/odd.js").utf8), to: oddName)
        #expect(catalog.lookup("/odd.js") == nil)
    }

    @Test func rootMayBeASymlinkAndIsResolvedOnce() throws {
        try directory.symlink("link-to-public", to: "public")
        let linked = try StaticFileCatalog(root: directory.path + "/link-to-public/")
        #expect(linked.rootPath == (try #require(realpathString(root))))
        #expect(linked.lookup("/app.js")?.body == Array("app".utf8))
    }

    @Test func missingRootIsATypedError() throws {
        let missing = directory.path + "/nope"
        #expect(throws: StaticFileCatalogError.rootNotFound(path: missing)) {
            try StaticFileCatalog(root: missing)
        }
    }

    @Test func rootThatIsAFileIsATypedError() throws {
        let file = try directory.write("file.txt", "not a directory")
        #expect(throws: StaticFileCatalogError.rootNotADirectory(path: file)) {
            try StaticFileCatalog(root: file)
        }
    }

    @Test func rootResolvingToANameThatIsNotUTF8IsATypedError() throws {
        let oddName = Array((directory.path + "/").utf8) + [0xFF]
        try createFile(atRawPath: oddName, contents: "")
        let link = directory.path + "/link"
        try createSymlink(atRawPath: Array(link.utf8), to: oddName)
        #expect(throws: StaticFileCatalogError.rootNotUTF8(path: link)) {
            try StaticFileCatalog(root: link)
        }
    }
}
