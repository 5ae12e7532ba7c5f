import CTLS
import Clock
import Glibc

/// One outbound TCP connection, plain or TLS, whose every wait ends at the caller's deadline.
/// The socket is non-blocking and waits happen in `poll`, so a receiver that stops answering
/// costs the thread no more than the time left.
///
/// Owned by one thread at a time (a delivery in flight); not `Sendable` by checking, but handed
/// between threads only along with the delivery that owns it.
public final class OutboundConnection: @unchecked Sendable {
    private let descriptor: Int32
    private var tls: OpaquePointer?
    /// The address it was connected to, after the check.
    public let address: IPAddress
    public let url: OutboundURL

    /// Connects to the first of `addresses` (already checked by the caller) that answers before
    /// `deadline` (monotonic nanoseconds) and, for https, completes a TLS handshake that verifies
    /// the certificate for the URL's host (SNI and hostname check).
    public static func open(to url: OutboundURL, addresses: [IPAddress], tls context: TLSClientContext?,
                            deadline: UInt64) throws(OutboundError) -> OutboundConnection {
        var lastError = OutboundError.connect("no address")
        for address in addresses {
            do throws(OutboundError) {
                let descriptor = try connect(address, deadline: deadline)
                let connection = OutboundConnection(descriptor: descriptor, address: address, url: url)
                if url.isHTTPS {
                    guard let context else { throw .tls("no TLS context") }
                    try connection.handshake(context, deadline: deadline)
                }
                return connection
            } catch .timeout {
                throw .timeout
            } catch where error.isTLS {
                throw error
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    private init(descriptor: Int32, address: IPAddress, url: OutboundURL) {
        self.descriptor = descriptor
        self.address = address
        self.url = url
    }

    deinit {
        if let tls {
            SSL_free(tls)
        }
        Glibc.close(descriptor)
    }

    private static func connect(_ address: IPAddress, deadline: UInt64) throws(OutboundError) -> Int32 {
        let family = address.isIPv6 ? AF_INET6 : AF_INET
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw .connect(String(cString: strerror(errno))) }
        var noDelay: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        if address.withSockaddr({ Glibc.connect(fd, $0, $1) }) != 0 {
            guard errno == EINPROGRESS else {
                let why = String(cString: strerror(errno))
                Glibc.close(fd)
                throw .connect("\(address): \(why)")
            }
            do {
                try wait(fd, for: Int16(POLLOUT), until: deadline)
            } catch {
                Glibc.close(fd)
                throw error
            }
            var failure: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length)
            guard failure == 0 else {
                Glibc.close(fd)
                throw .connect("\(address): \(String(cString: strerror(failure)))")
            }
        }
        return fd
    }

    private func handshake(_ context: TLSClientContext, deadline: UInt64) throws(OutboundError) {
        guard let ssl = SSL_new(context.context) else { throw .tls("SSL_new failed") }
        tls = ssl
        SSL_set_fd(ssl, descriptor)
        if url.isIPLiteral {
            guard let parameters = SSL_get0_param(ssl), X509_VERIFY_PARAM_set1_ip_asc(parameters, url.host) == 1 else {
                throw .tls("cannot set the address to verify")
            }
        } else {
            guard ctls_set_sni(ssl, url.host) == 1, SSL_set1_host(ssl, url.host) == 1 else { throw .tls("cannot set the host name to verify") }
        }
        while true {
            ERR_clear_error()
            let result = SSL_connect(ssl)
            if result == 1 { return }
            let reason = SSL_get_error(ssl, result)
            switch reason {
            case SSL_ERROR_WANT_READ: try Self.wait(descriptor, for: Int16(POLLIN), until: deadline)
            case SSL_ERROR_WANT_WRITE: try Self.wait(descriptor, for: Int16(POLLOUT), until: deadline)
            default:
                let verify = SSL_get_verify_result(ssl)
                if verify != X509_V_OK {
                    throw .tls("certificate not trusted for \(url.host): \(String(cString: X509_verify_cert_error_string(verify)))")
                }
                throw .tls(TLSClientContext.lastError())
            }
        }
    }

    /// Writes all of `bytes` before `deadline`.
    public func write(_ bytes: [UInt8], deadline: UInt64) throws(OutboundError) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { raw -> Int in
                let start = raw.baseAddress! + offset
                let length = raw.count - offset
                if let tls {
                    ERR_clear_error()
                    return Int(SSL_write(tls, start, Int32(min(length, Int(Int32.max)))))
                }
                return send(descriptor, start, length, Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                offset += count
                continue
            }
            try waitAfterFailure(count, writing: true, deadline: deadline)
        }
    }

    /// Reads what is there into `buffer`, waiting until `deadline` for at least one byte; 0 when
    /// the peer ended the connection.
    public func read(into buffer: inout [UInt8], deadline: UInt64) throws(OutboundError) -> Int {
        while true {
            let count = buffer.withUnsafeMutableBytes { raw -> Int in
                if let tls {
                    ERR_clear_error()
                    return Int(SSL_read(tls, raw.baseAddress, Int32(min(raw.count, Int(Int32.max)))))
                }
                return recv(descriptor, raw.baseAddress, raw.count, 0)
            }
            if count > 0 { return count }
            if count == 0, tls == nil { return 0 }
            if let tls, SSL_get_error(tls, Int32(count)) == SSL_ERROR_ZERO_RETURN { return 0 }
            try waitAfterFailure(count, writing: false, deadline: deadline)
        }
    }

    /// After a read or write that did nothing: waits for the socket when it would block, or throws.
    private func waitAfterFailure(_ result: Int, writing: Bool, deadline: UInt64) throws(OutboundError) {
        if let tls {
            switch SSL_get_error(tls, Int32(result)) {
            case SSL_ERROR_WANT_READ: try Self.wait(descriptor, for: Int16(POLLIN), until: deadline)
            case SSL_ERROR_WANT_WRITE: try Self.wait(descriptor, for: Int16(POLLOUT), until: deadline)
            case SSL_ERROR_SYSCALL where errno == 0 || errno == ECONNRESET || errno == EPIPE: throw .closed
            default: throw .tls(TLSClientContext.lastError())
            }
            return
        }
        switch errno {
        case EINTR: return
        case EAGAIN, EWOULDBLOCK: try Self.wait(descriptor, for: Int16(writing ? POLLOUT : POLLIN), until: deadline)
        case ECONNRESET, EPIPE: throw .closed
        default: throw .io(String(cString: strerror(errno)))
        }
    }

    private static func wait(_ fd: Int32, for events: Int16, until deadline: UInt64) throws(OutboundError) {
        while true {
            let now = MonotonicClock.nanoseconds()
            guard now < deadline else { throw .timeout }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&entry, 1, Int32(min((deadline - now + 999_999) / 1_000_000, 60_000)))
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw .io(String(cString: strerror(errno))) }
        }
    }
}

extension OutboundError {
    var isTLS: Bool {
        if case .tls = self { return true }
        return false
    }
}
