import Glibc

/// Writes whole lines straight to standard output or error with `write(2)`: no buffering to flush
/// (the "listening" line must appear at once), and no shared C `FILE` state.
enum StandardStreams {
    static func writeLine(_ text: String, toError: Bool = false) {
        let bytes = Array((text + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(toError ? 2 : 1, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
