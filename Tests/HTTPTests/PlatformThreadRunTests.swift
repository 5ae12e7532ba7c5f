import Glibc
import Testing
import Threads

/// `PlatformThread.run`, which the server uses to open its store and hub and to wait on threads:
/// the blocking work runs on a thread of its own, never on Swift's cooperative pool.
@Suite struct PlatformThreadRunTests {
    struct Refused: Error, Equatable {}

    /// The calling thread's name, as the kernel knows it.
    static func threadName() -> String {
        let fd = open("/proc/thread-self/comm", O_RDONLY)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = read(fd, &buffer, buffer.count)
        return String(decoding: buffer.prefix(max(0, count)).filter { $0 != 10 }, as: UTF8.self)
    }

    @Test func theWorkRunsOnItsOwnNamedThread() async throws {
        let name = try await PlatformThread.run(name: "probe-thread") { Self.threadName() }
        #expect(name == "probe-thread")
    }

    @Test func whatTheWorkThrowsReachesTheCaller() async {
        await #expect(throws: Refused()) { try await PlatformThread.run(name: "probe-throws") { () throws -> Int in throw Refused() } }
    }
}
