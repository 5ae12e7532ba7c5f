import Threads
import CPlatform
import Glibc

/// Thin, typed wrappers over the socket calls the loops use. Every descriptor is non-blocking and
/// close-on-exec from birth.
public enum Socket {
    /// A listening TCP socket on `address`. One socket serves every loop (each registers it with
    /// `PollInterest.exclusive`): unlike one `SO_REUSEPORT` socket per loop, a port already taken,
    /// even by another server of the same user, fails here instead of silently sharing traffic.
    public static func listen(on address: SocketAddress, backlog: Int32 = 1024) throws(SystemError) -> Int32 {
        let fd = socket(Int32(address.family), CPLATFORM_SOCK_STREAM | CPLATFORM_SOCK_NONBLOCK | CPLATFORM_SOCK_CLOEXEC, 0)
        guard fd >= 0 else { throw SystemError("socket") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = address.withSockaddr { pointer, length in bind(fd, pointer, length) }
        guard bound == 0 else {
            let error = SystemError("bind")
            close(fd)
            throw error
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let error = SystemError("listen")
            close(fd)
            throw error
        }
        return fd
    }

    /// The next pending connection, or nil when none is waiting (`EAGAIN`) or it vanished first.
    public static func accept(_ listener: Int32) throws(SystemError) -> (fd: Int32, peer: SocketAddress)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                cplatform_accept4(listener, $0, &length, CPLATFORM_SOCK_NONBLOCK | CPLATFORM_SOCK_CLOEXEC)
            }
        }
        if fd < 0 {
            switch errno {
            case EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED, EPROTO: return nil
            default: throw SystemError("accept4")
            }
        }
        var noDelay: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        return (fd, SocketAddress(storage: storage))
    }

    /// The address a socket is bound to (to learn the port the kernel chose for port 0).
    public static func localAddress(of fd: Int32) throws(SystemError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw SystemError("getsockname") }
        return SocketAddress(storage: storage)
    }
}

extension SystemError {
    /// The process (`EMFILE`) or the system (`ENFILE`) has no descriptor left, or the kernel no
    /// memory for a socket: accepting again at once would fail the same way.
    public var isResourceExhaustion: Bool {
        [EMFILE, ENFILE, ENOBUFS, ENOMEM].contains(code)
    }
}

/// The result of a non-blocking read or write.
public enum IOResult: Equatable, Sendable {
    case transferred(Int)
    case wouldBlock
    case endOfStream
    case failed(Int32)
}

extension Socket {
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        while true {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count > 0 { return .transferred(count) }
            if count == 0 { return .endOfStream }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    public static func write(_ fd: Int32, vectors: UnsafeBufferPointer<iovec>) -> IOResult {
        while true {
            let count = writev(fd, vectors.baseAddress, Int32(vectors.count))
            if count >= 0 { return .transferred(count) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    /// `writev`, or, when `moreFollows`, `sendmsg` with `MSG_MORE`: the kernel holds a partial
    /// segment back for what the next call sends (a file after a response's head).
    public static func write(_ fd: Int32, vectors: UnsafeBufferPointer<iovec>, moreFollows: Bool) -> IOResult {
        guard moreFollows else { return write(fd, vectors: vectors) }
        var message = msghdr()
        message.msg_iov = UnsafeMutablePointer(mutating: vectors.baseAddress)
        message.msg_iovlen = vectors.count
        while true {
            let count = sendmsg(fd, &message, Int32(MSG_MORE) | CPLATFORM_MSG_NOSIGNAL)
            if count >= 0 { return .transferred(count) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    /// Sends up to `count` bytes of file `source` from `offset` with `sendfile(2)`: from the page
    /// cache (or a memfd) to the socket without a copy through this process. A file that ends
    /// before `offset + count` fails (`EIO`): the response promised those bytes.
    public static func sendFile(_ fd: Int32, from source: Int32, offset: Int, count: Int) -> IOResult {
        var position = off_t(offset)
        while true {
            let sent = sendfile(fd, source, &position, count)
            if sent > 0 { return .transferred(sent) }
            if sent == 0 { return .failed(EIO) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    /// Stops sending (a FIN to the peer) while still reading, for a lingering close.
    public static func shutdownWrite(_ fd: Int32) {
        shutdown(fd, Int32(SHUT_WR))
    }
}
