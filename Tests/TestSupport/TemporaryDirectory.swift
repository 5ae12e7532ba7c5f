import Glibc

/// A fresh directory under /tmp for one test, removed with everything in it by `remove()`.
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init(_ label: String = "webchat") throws {
        var template = Array("/tmp/\(label)-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { throw RawClient.Failure(description: "mkdtemp failed") }
        path = String(cString: created)
    }

    /// Writes a file (creating parent directories) and returns its path.
    @discardableResult
    public func write(_ relative: String, _ contents: String) throws -> String {
        try write(relative, Array(contents.utf8))
    }

    @discardableResult
    public func write(_ relative: String, _ bytes: [UInt8]) throws -> String {
        let full = path + "/" + relative
        var parent = ""
        for part in full.split(separator: "/").dropLast() {
            parent += "/" + part
            mkdir(parent, 0o755)
        }
        let fd = open(full, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw RawClient.Failure(description: "cannot write \(full)") }
        defer { close(fd) }
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        return full
    }

    public func remove() {
        _ = try? ChildProcess.run("/bin/rm", ["-rf", path])
    }
}
