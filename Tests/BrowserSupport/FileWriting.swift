import Glibc

/// Writes `bytes` to the file at `path`, replacing it.
func writeFile(_ bytes: [UInt8], to path: String) throws(BrowserError) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw .io("cannot create \(path): errno \(errno)") }
    defer { close(fd) }
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { throw .io("cannot write \(path): errno \(errno)") }
        offset += written
    }
}
