import Glibc

/// The small one-line text files the server keeps next to its database (the operator key, the
/// demo website's id and secret): read and written the same way, so that an error reads the same too.
enum DataDirectoryFile {
    /// The file's first line without surrounding spaces, or nil when it does not exist or is empty.
    static func readLine(_ path: String) throws -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw StartupError("Cannot read \(path): \(String(decodingCString: strerror(errno))).")
        }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: "\n")
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        return line.isEmpty ? nil : line
    }

    /// Puts `line` in the file at `path`, readable by its owner only, replacing what was there:
    /// written beside it and renamed over it, so a reader sees the old line or the new, never half.
    static func replaceLine(_ line: String, at path: String) throws {
        let temporary = path + ".new"
        unlink(temporary)
        guard try createLine(line, at: temporary) else { throw StartupError("Cannot create \(temporary): it exists.") }
        guard rename(temporary, path) == 0 else {
            throw StartupError("Cannot replace \(path): \(String(decodingCString: strerror(errno))).")
        }
    }

    /// Writes `line` into a new file readable by its owner only; false when the file exists
    /// already (another process was first).
    static func createLine(_ line: String, at path: String) throws -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { return false }
            throw StartupError("Cannot create \(path): \(String(decodingCString: strerror(errno))).")
        }
        defer { close(fd) }
        let bytes = Array((line + "\n").utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { throw StartupError("Cannot write \(path).") }
        return true
    }
}
