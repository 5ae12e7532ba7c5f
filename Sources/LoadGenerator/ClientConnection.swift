import Glibc

/// One HTTP/1.1 keep-alive connection on a blocking socket: sends a request, reads exactly one
/// response (framed by `Content-Length`), and opens a new socket for the next exchange when the
/// server closed or a failure left the old one unusable.
///
/// It belongs to the one thread that drives it (blocking calls never run on Swift's cooperative
/// pool), so it is deliberately not `Sendable` and needs no lock.
public final class ClientConnection {
    public let address: ServerAddress
    /// How many sockets were opened: 1 while the server kept the connection alive throughout.
    public private(set) var socketsOpened = 0

    private let timeoutSeconds: Int
    private var socket: Int32 = -1
    private var buffer: UnsafeMutableRawBufferPointer
    /// Received bytes not yet consumed are `buffer[start..<end]`.
    private var start = 0
    private var end = 0

    private static let initialCapacity = 64 * 1024
    /// A head that has not ended after this many bytes is not an answer of our server.
    private static let maxHeadBytes = 64 * 1024

    /// `timeoutSeconds` bounds each wait for response bytes (and for room to send), so that a
    /// stalled server ends a run as counted timeouts instead of hanging it.
    public init(address: ServerAddress, timeoutSeconds: Int = 10) {
        self.address = address
        self.timeoutSeconds = timeoutSeconds
        buffer = .allocate(byteCount: Self.initialCapacity, alignment: 16)
    }

    deinit {
        disconnect()
        buffer.deallocate()
    }

    /// Sends `request` (complete bytes) and returns the response. With `keepingBody` false the body
    /// is read and dropped, which spares the load loop a copy per request.
    public func exchange(_ request: [UInt8], keepingBody: Bool = true) throws(ClientError) -> ClientResponse {
        if socket < 0 { try connect() }
        do {
            try send(request)
            let response = try readResponse(keepingBody: keepingBody)
            if response.closesConnection { disconnect() }
            return response.value
        } catch {
            disconnect()
            throw error
        }
    }

    private func connect() throws(ClientError) {
        let fd = Glibc.socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .connect(errno) }
        var noDelay: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard address.withSocketAddress({ Glibc.connect(fd, $0, $1) }) == 0 else {
            let code = errno
            close(fd)
            throw .connect(code)
        }
        socket = fd
        socketsOpened += 1
    }

    private func disconnect() {
        if socket >= 0 { close(socket) }
        socket = -1
        start = 0
        end = 0
    }

    private func send(_ request: [UInt8]) throws(ClientError) {
        var offset = 0
        while offset < request.count {
            let written = request.withUnsafeBytes { bytes in
                Glibc.send(socket, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                throw code == EAGAIN || code == EWOULDBLOCK ? .timeout : .send(code)
            }
            offset += written
        }
    }

    private func readResponse(keepingBody: Bool) throws(ClientError) -> (value: ClientResponse, closesConnection: Bool) {
        var headLength = 0
        var searchedUpTo = start
        while true {
            if let headEnd = headEnd(searchingFrom: max(start, searchedUpTo - 3)) {
                headLength = headEnd - start
                break
            }
            guard end - start < Self.maxHeadBytes else { throw .malformed("head longer than 64 KiB") }
            searchedUpTo = end
            let before = start
            try receive()
            searchedUpTo += start - before
        }
        // The head without its final empty line: every header line still ends in CRLF.
        let head = try ResponseHead(parsing: UnsafeRawBufferPointer(rebasing: buffer[start..<(start + headLength - 2)]))
        let total = headLength + head.contentLength
        while end - start < total { try receive(atLeast: total) }
        let bodyStart = start + headLength
        let body = keepingBody ? [UInt8](buffer[bodyStart..<(start + total)]) : []
        start += total
        if start == end {
            start = 0
            end = 0
        }
        return (ClientResponse(status: head.status, body: body), head.closesConnection)
    }

    /// Reads what the socket has, first making room so that `buffer[start...]` can hold `atLeast`
    /// bytes (or, by default, at least one more).
    private func receive(atLeast needed: Int = 0) throws(ClientError) {
        makeRoom(for: max(needed, end - start + 1))
        while true {
            let count = recv(socket, buffer.baseAddress! + end, buffer.count - end, 0)
            if count > 0 {
                end += count
                return
            }
            if count == 0 { throw .closed }
            let code = errno
            if code == EINTR { continue }
            throw code == EAGAIN || code == EWOULDBLOCK ? .timeout : .receive(code)
        }
    }

    /// Ensures `buffer[start...]` has room for `needed` bytes: moves unread bytes to the front, and
    /// grows the buffer (at least doubling) only when that is not enough.
    private func makeRoom(for needed: Int) {
        guard buffer.count - start < needed else { return }
        let unread = end - start
        if buffer.count >= needed {
            buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: unread)
        } else {
            let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: max(needed, buffer.count * 2), alignment: 16)
            grown.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: unread)
            buffer.deallocate()
            buffer = grown
        }
        start = 0
        end = unread
    }

    /// The index just past the first CR LF CR LF in `buffer[from..<end]`, or nil.
    private func headEnd(searchingFrom from: Int) -> Int? {
        let base = buffer.baseAddress!
        var index = from
        while end - index >= 4 {
            guard let found = memchr(base + index, 13, end - index - 3) else { return nil }
            let at = base.distance(to: found)
            if buffer[at + 1] == 10 && buffer[at + 2] == 13 && buffer[at + 3] == 10 { return at + 4 }
            index = at + 1
        }
        return nil
    }
}

/// A response as the load generator sees it.
public struct ClientResponse: Sendable {
    public let status: Int
    /// The body, or empty when the exchange did not keep it.
    public let body: [UInt8]

    public var text: String { String(decoding: body, as: UTF8.self) }
}
