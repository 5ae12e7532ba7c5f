import Testing
@testable import StaticFiles

@Suite("Concurrency")
final class ConcurrencyTests {
    let directory: SuiteDirectory

    init() throws {
        directory = try SuiteDirectory()
    }

    @Test func concurrentLookupsWhileTimeMovesAreConsistent() async throws {
        let names = (0..<8).map { "file\($0).js" }
        for name in names {
            try directory.write(name, compressibleText("// \(name)\n"))
        }
        let clock = ManualClock()
        let catalog = try StaticFileCatalog(
            root: directory.path, clock: clock, limits: CacheLimits(paths: 5, bytes: 1 << 20))

        let failures = await withTaskGroup(of: Int.self) { group in
            for task in 0..<64 {
                group.addTask {
                    var failures = 0
                    for round in 0..<200 {
                        if task == 0 { clock.advance(by: 250) }
                        let name = names[(task + round) % names.count]
                        let file = catalog.lookup("/" + name)
                        if file?.body != compressibleText("// \(name)\n") { failures += 1 }
                        if catalog.lookup("/missing-\(round).js") != nil { failures += 1 }
                    }
                    return failures
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
        #expect(catalog.cachedPathCount <= 5)
    }
}
