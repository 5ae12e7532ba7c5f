import Clock
import Glibc

/// A connected TCP socket in blocking mode whose every wait has a deadline, so that a server
/// that stops answering fails a test with `.timeout` instead of hanging it.
struct BlockingSocket {
    let descriptor: Int32

    /// Connects within `timeoutSeconds`; the same bound then applies to each blocked send.
    static func connect(to address: ServerAddress, timeoutSeconds: Double) throws(WebSocketClientError) -> BlockingSocket {
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .connect(errno) }
        var noDelay: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        let whole = max(0, min(timeoutSeconds, 86_400))
        var timeout = timeval(tv_sec: Int(whole), tv_usec: Int((whole - whole.rounded(.down)) * 1_000_000))
        if timeout.tv_sec == 0 && timeout.tv_usec == 0 { timeout.tv_usec = 1 }
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard address.withSocketAddress({ Glibc.connect(fd, $0, $1) }) == 0 else {
            let code = errno
            Glibc.close(fd)
            throw code == EINPROGRESS || code == EAGAIN ? .timeout : .connect(code)
        }
        return BlockingSocket(descriptor: fd)
    }

    func close() {
        Glibc.close(descriptor)
    }

    func sendAll(_ bytes: [UInt8]) throws(WebSocketClientError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                send(descriptor, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                throw code == EAGAIN || code == EWOULDBLOCK ? .timeout : .send(code)
            }
            offset += written
        }
    }

    /// Reads what arrives first into `buffer` and returns its length, 0 when the peer ended the
    /// connection; throws `.timeout` when nothing came before `deadline`.
    func receive(into buffer: inout [UInt8], before deadline: UInt64) throws(WebSocketClientError) -> Int {
        while true {
            let left = deadline > MonotonicClock.nanoseconds() ? deadline - MonotonicClock.nanoseconds() : 0
            var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&waiting, 1, Int32(min((left + 999_999) / 1_000_000, UInt64(Int32.max))))
            if ready < 0 {
                if errno == EINTR { continue }
                throw .receive(errno)
            }
            guard ready > 0 else { throw .timeout }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count >= 0 { return count }
            let code = errno
            if code == EINTR || code == EAGAIN { continue }
            throw .receive(code)
        }
    }

    static func deadline(afterSeconds seconds: Double) -> UInt64 {
        MonotonicClock.nanoseconds() + MonotonicClock.nanoseconds(max(0, min(seconds, 86_400)))
    }

    static func secondsLeft(until deadline: UInt64) -> Double {
        let now = MonotonicClock.nanoseconds()
        return deadline > now ? Double(deadline - now) / 1e9 : 0
    }
}
