import Glibc
import Synchronization

/// A program started by a test (the `webchat` executable), with its output collected from pipes.
public final class ChildProcess: Sendable {
    public let pid: pid_t
    private let stdoutFD: Int32
    private let stderrFD: Int32
    private let collected = Mutex<(out: [UInt8], err: [UInt8])>(([], []))

    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        var outPipe: [Int32] = [0, 0]
        var errPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw RawClient.Failure(description: "pipe failed") }
        // Close-on-exec, so that programs started by other tests at the same time do not keep
        // these pipes open; the dup2 below gives the child its own 1 and 2 without the flag.
        for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        posix_spawn_file_actions_addclose(&actions, outPipe[0])
        posix_spawn_file_actions_addclose(&actions, errPipe[0])
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        var inherited = Environment.current
        for (key, value) in environment { inherited[key] = value }
        let envp = inherited.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // A child inherits the signal mask of the spawning thread, and the test runtime's threads
        // block nearly every signal: without an empty mask the child would ignore SIGTERM.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var nothingBlocked = sigset_t()
        sigemptyset(&nothingBlocked)
        posix_spawnattr_setsigmask(&attributes, &nothingBlocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var child = pid_t()
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        close(outPipe[1])
        close(errPipe[1])
        guard status == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw RawClient.Failure(description: "cannot start \(executable): \(status)")
        }
        pid = child
        stdoutFD = outPipe[0]
        stderrFD = errPipe[0]
    }

    deinit {
        close(stdoutFD)
        close(stderrFD)
    }

    /// Reads standard output until a line containing `text` arrived (or the process closed it).
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public func waitForLine(containing text: String, timeoutSeconds: Int = 30) -> String? {
        let deadline = time(nil) + timeoutSeconds
        while time(nil) < deadline {
            let output = standardOutput
            if let line = output.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
            var waiting = pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)
            guard poll(&waiting, 1, 1000) >= 0 else { return nil }
            if waiting.revents != 0, !readSome(stdoutFD, into: \.out) { return nil }
        }
        return nil
    }

    /// Waits for the line a server prints once it accepts connections (`... listening on
    /// http://127.0.0.1:PORT`) and returns its port; nil when the line did not come.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public func waitForListeningPort(timeoutSeconds: Int = 30) -> Int? {
        waitForLine(containing: "listening on", timeoutSeconds: timeoutSeconds)?
            .split(separator: ":").last.flatMap { Int(String($0.filter(\.isNumber))) }
    }

    /// Waits for the exit and returns the exit status (or 128 + signal).
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public func wait() -> Int32 {
        drain()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    public func signal(_ number: Int32) {
        kill(pid, number)
    }

    public var standardOutput: String { String(decoding: collected.withLock { $0.out }, as: UTF8.self) }
    public var standardError: String { String(decoding: collected.withLock { $0.err }, as: UTF8.self) }

    /// Runs a program to completion and returns its exit status and output.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> (status: Int32, output: String, error: String) {
        let process = try ChildProcess(executable, arguments, environment: environment)
        let status = process.wait()
        return (status, process.standardOutput, process.standardError)
    }

    private func drain() {
        while readSome(stdoutFD, into: \.out) {}
        while readSome(stderrFD, into: \.err) {}
    }

    private func readSome(_ fd: Int32, into path: WritableKeyPath<(out: [UInt8], err: [UInt8]), [UInt8]>) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return false }
        collected.withLock { $0[keyPath: path].append(contentsOf: buffer[..<count]) }
        return true
    }
}

/// The test process's environment.
enum Environment {
    static var current: [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }
}

/// Where the build put the products next to the running test bundle (`.build/debug/webchat`).
public func builtProduct(_ name: String) -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    let path = String(decoding: buffer[..<max(0, count)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    return directory + "/" + name
}
