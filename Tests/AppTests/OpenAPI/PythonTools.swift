import Glibc
import TestSupport

/// The Python tools that check docs/openapi.json from outside, where Tests/install-dependencies.sh
/// puts them (a virtual environment of their own). A missing tool fails the test that needs it.
enum PythonTools {
    static let directory = "/usr/local/share/webchat-test-tools/openapi-venv/bin"
    /// How long past its own budget a tool may take before it counts as hung. Generous: on a
    /// machine shared with other builds (a load of 200 on 2 cores was seen) starting Python alone
    /// took over a minute, and a hang is what this catches, not slowness.
    static let hangSeconds = 300

    /// The path of `tool`, or a failure that says how to install it.
    static func path(_ tool: String) throws -> String {
        let path = directory + "/" + tool
        guard access(path, X_OK) == 0 else {
            throw RawClient.Failure(description: "\(path) is missing (errno \(errno)); run Tests/install-dependencies.sh")
        }
        return path
    }

    /// Runs `tool` in `directory` (where it may leave caches and reports) with standard error merged
    /// into standard output, killed after `timeoutSeconds`; returns its exit status and output.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    static func run(_ tool: String, _ arguments: [String], in directory: String, timeoutSeconds: Int) throws -> (status: Int32, output: String) {
        let script = #"cd "$1" && shift && exec timeout --kill-after=5 "$@" 2>&1"#
        let result = try ChildProcess.run("/bin/sh", ["-c", script, "sh", directory, String(timeoutSeconds), try path(tool)] + arguments,
                                          environment: ["NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"])
        return (result.status, result.output)
    }
}
