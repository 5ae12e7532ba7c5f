import BrowserSupport
import Glibc
import Testing
import TestSupport

@Suite struct ChildProcessSignalTests {
    /// Started from a test thread, whose signals Swift's runtime blocks, the child must still
    /// block none: otherwise SIGTERM would never stop chromedriver or a page server.
    @Test func aStartedProcessBlocksNoSignals() async throws {
        let blocked = try await onThread { () -> String? in
            let sleeper = try ChildProcess("/bin/sleep", ["600"])
            defer {
                sleeper.signal(SIGKILL)
                _ = sleeper.wait()
            }
            return try procStatusField("SigBlk", pid: sleeper.pid)
        }
        #expect(blocked == "0000000000000000")
    }

    @Test func aStartedProcessEndsOnSIGTERM() async throws {
        let status = try await onThread { () -> Int32 in
            let sleeper = try ChildProcess("/bin/sleep", ["600"])
            sleeper.signal(SIGTERM)
            return sleeper.wait()
        }
        #expect(status == 128 + SIGTERM)
    }
}

/// A field of /proc/<pid>/status, such as "SigBlk".
private func procStatusField(_ name: String, pid: pid_t) throws -> String? {
    let fd = open("/proc/\(pid)/status", O_RDONLY)
    guard fd >= 0 else { throw RawClient.Failure(description: "no /proc/\(pid)/status") }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 8192)
    let count = read(fd, &buffer, buffer.count)
    let text = String(decoding: buffer[..<max(0, count)], as: UTF8.self)
    let line = text.split(separator: "\n").first { $0.hasPrefix(name + ":") }
    return line.map { String($0.dropFirst(name.count + 1).drop { $0 == "\t" || $0 == " " }) }
}
