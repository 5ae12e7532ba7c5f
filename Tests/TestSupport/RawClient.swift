import Glibc
import Synchronization

/// A blocking TCP client for tests that need exact bytes on the wire: malformed requests, requests
/// dribbled one byte at a time, pipelines, and reading until the server closes. Its receive
/// timeout is a safety net against a hung test, not a performance assertion: it is generous,
/// because the whole suite runs in parallel on a machine with two cores.
public final class RawClient: Sendable {
    public let fd: Int32

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// `source`: the local address to connect from. Every address of 127.0.0.0/8 is this machine,
    /// so tests of limits per client address make clients at 127.0.0.2, 127.0.0.3, …
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public init(port: Int, host: String = "127.0.0.1", source: String? = nil, receiveTimeoutSeconds: Int = 30) throws {
        // Close-on-exec: tests start child processes (`webchat` itself) while other tests hold
        // connections, and a child that inherited this socket would keep it open after we close
        // it, so the server would never see the end of it (a body budget test waited in vain).
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket failed") }
        var timeout = timeval(tv_sec: receiveTimeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // A failure below throws without closing: the instance is whole by then, so its deinit
        // runs and closes the descriptor. Closing here too closed it twice, and the second close
        // hit whatever another thread had opened under that number meanwhile (a test's SQLite
        // file, which then failed with "disk I/O error").
        if let source {
            guard Self.call(bind, fd, host: source, port: 0) == 0 else {
                throw Failure(description: "bind to \(source) failed: errno \(errno)")
            }
        }
        guard Self.call(connect, fd, host: host, port: port) == 0 else {
            throw Failure(description: "connect to port \(port) failed: errno \(errno)")
        }
    }

    /// Calls `bind` or `connect` with an IPv4 address.
    private static func call(_ function: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32, _ fd: Int32, host: String,
                             port: Int) -> Int32 {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { function(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    deinit {
        if !isReset.load(ordering: .relaxed) { close(fd) }
    }

    /// Aborts the connection: closes it with a reset (RST), as a client that crashes or is
    /// killed does, so the server learns at once that nothing it sends will be read (a FIN only
    /// says the client stops sending). The client is unusable afterwards.
    public func reset() {
        var abort = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort, socklen_t(MemoryLayout<linger>.size))
        if !isReset.exchange(true, ordering: .relaxed) { close(fd) }
    }

    private let isReset = Atomic<Bool>(false)

    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            offset += written
        }
    }

    /// Sends the bytes one at a time, each in its own segment.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public func dribble(_ text: String, pauseMicroseconds: UInt32 = 0) throws {
        for byte in text.utf8 {
            try send([byte])
            if pauseMicroseconds > 0 { usleep(pauseMicroseconds) }
        }
    }

    /// Half-closes the connection: the server sees end of input but can still answer.
    public func shutdownWrite() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Reads until the server closes the connection (or the receive timeout passes).
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public func readUntilClosed() -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return received }
            received.append(contentsOf: buffer[..<count])
        }
    }

    /// True when the server closed the connection (EOF or reset) within the receive timeout.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        let count = recv(fd, &byte, 1, 0)
        return count == 0 || (count < 0 && errno == ECONNRESET)
    }

    /// Reads exactly one HTTP response (head and Content-Length body) and returns it.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public func readResponse() throws -> RawResponse {
        try pending.withLock { pending in
            while true {
                if let response = try RawResponse.parse(from: &pending) { return response }
                var buffer = [UInt8](repeating: 0, count: 65536)
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                guard count > 0 else {
                    let reason = count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
                        ? "no complete response within the receive timeout" : "connection ended before a complete response"
                    throw Failure(description: "\(reason) (\(pending.count) bytes pending)")
                }
                pending.append(contentsOf: buffer[..<count])
            }
        }
    }

    /// The bytes that follow the last response read (another protocol's, after a `101`): what
    /// was already received first, then one read from the socket. Empty once the peer closed.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    public func receive() -> [UInt8] {
        let buffered = pending.withLock { pending in
            defer { pending = [] }
            return pending
        }
        guard buffered.isEmpty else { return buffered }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return count > 0 ? Array(buffer[..<count]) : []
    }

    /// Bytes received after the last complete response.
    private let pending = Mutex<[UInt8]>([])
}

/// An HTTP response as it came off the wire.
public struct RawResponse: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    /// A response made by a test, for checks of what the tests do with answers.
    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var text: String { String(decoding: body, as: UTF8.self) }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Parses one response from the front of `buffer` (removing it), or nil if incomplete.
    /// Responses to HEAD are not supported here: use `parseHead`.
    static func parse(from buffer: inout [UInt8], bodyExpected: Bool = true) throws -> RawResponse? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = buffer.indices.dropLast(3).first(where: { buffer[$0..<($0 + 4)].elementsEqual(separator) }) else {
            return nil
        }
        let headText = String(decoding: buffer[..<end], as: UTF8.self)
        var lines = headText.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw RawClient.Failure(description: "bad status line: \(headText)")
        }
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: " "))
        }
        let length = bodyExpected && status != 204 && status != 304 && status >= 200
            ? Int(headers.first { $0.name.lowercased() == "content-length" }?.value ?? "0") ?? 0
            : 0
        let bodyStart = end + 4
        guard buffer.count >= bodyStart + length else { return nil }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        return RawResponse(status: status, headers: headers, body: body)
    }

    /// Parses every complete response in `bytes` (bodies framed by Content-Length).
    public static func parseAll(_ bytes: [UInt8]) throws -> [RawResponse] {
        var buffer = bytes
        var responses: [RawResponse] = []
        while let response = try parse(from: &buffer) { responses.append(response) }
        return responses
    }

    /// Parses a response to HEAD: headers only, whatever Content-Length says.
    public static func parseHead(_ bytes: [UInt8]) throws -> (response: RawResponse, trailing: Int)? {
        var buffer = bytes
        guard let response = try parse(from: &buffer, bodyExpected: false) else { return nil }
        return (response, buffer.count)
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        String(drop(while: { $0 == set }).reversed().drop(while: { $0 == set }).reversed())
    }
}
