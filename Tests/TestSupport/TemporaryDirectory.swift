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
        removeTree(path)
    }
}

/// A fresh directory under /tmp for `body`, removed with everything in it afterwards.
public func withTemporaryDirectory<R>(_ label: String = "webchat-test", _ body: (String) async throws -> R) async throws -> R {
    let directory = try TemporaryDirectory(label)
    defer { directory.remove() }
    return try await body(directory.path)
}

/// Deletes `path` and, for a directory, everything below it. Symlinks are removed, not
/// followed (a link to a directory elsewhere must not empty that directory), and names are used
/// as raw bytes, so files whose names are not UTF-8 go too.
public func removeTree(_ path: String) {
    removeTree(cPath: Array(path.utf8CString.dropLast()))
}

private let dot = CChar(UInt8(ascii: ".")), slash = CChar(UInt8(ascii: "/"))

/// `path` without its terminating NUL.
private func removeTree(cPath path: [CChar]) {
    let terminated = path + [0]
    var status = stat()
    guard lstat(terminated, &status) == 0 else { return }
    guard status.st_mode & S_IFMT == S_IFDIR, let directory = opendir(terminated) else {
        unlink(terminated)
        return
    }
    var names: [[CChar]] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
            Array(bytes.bindMemory(to: CChar.self).prefix { $0 != 0 })
        }
        if name != [dot] && name != [dot, dot] { names.append(name) }
    }
    closedir(directory)
    for name in names { removeTree(cPath: path + [slash] + name) }
    rmdir(terminated)
}

/// The names in directory `path` (without `.` and `..`), or nil if it is not a directory.
public func directoryEntries(_ path: String) -> [String]? {
    guard let directory = opendir(path) else { return nil }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
}

/// The whole contents of the file at `path`.
public func readFile(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw RawClient.Failure(description: "cannot read \(path)") }
    defer { close(fd) }
    var contents: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return contents }
        contents.append(contentsOf: buffer[..<count])
    }
}
