import Synchronization
import Testing
import TestSupport
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

        // Real threads, not tasks: every lookup of an evicted file reads and gzips it again,
        // seconds of CPU (minutes under ThreadSanitizer) that must not hold the cooperative pool.
        let failures = Atomic<Int>(0)
        try await onThread {
            try onThreads(16) { thread in
                for round in 0..<200 {
                    if thread == 0 { clock.advance(by: 250) }
                    let name = names[(thread + round) % names.count]
                    let file = catalog.lookup("/" + name)
                    if file?.body != compressibleText("// \(name)\n") { failures.add(1, ordering: .relaxed) }
                    if catalog.lookup("/missing-\(round).js") != nil { failures.add(1, ordering: .relaxed) }
                }
            }
        }
        #expect(failures.load(ordering: .relaxed) == 0)
        #expect(catalog.cachedPathCount <= 5)
    }
}
