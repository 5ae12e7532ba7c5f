import CTLS
import Glibc
import Synchronization
import Threads
import TestSupport

/// A webhook receiver for tests: a real HTTP/1.1 server on 127.0.0.1 (over TLS with a test
/// certificate when given one) that records every request and answers each with the status
/// `answer` chooses, on keep-alive connections, one thread per connection.
final class WebhookReceiver: Sendable {
    struct Delivery: Sendable {
        let headers: [String: String]
        let body: [UInt8]
        var id: String { headers["webhook-id"] ?? "" }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    typealias Answer = @Sendable (_ delivery: Delivery, _ index: Int) -> Int

    let port: Int
    private let listener: Int32
    private let received = Mutex<[Delivery]>([])
    private let answer: Mutex<Answer>
    private let tls: TLSServer?

    init(certificate: (chain: String, key: String)? = nil, answer: @escaping Answer = { _, _ in 200 }) throws {
        tls = try certificate.map { try TLSServer(chain: $0.chain, key: $0.key) }
        self.answer = Mutex(answer)
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        self.listener = listener
        var reuse: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 64) == 0 else { throw RawClient.Failure(description: "receiver cannot listen: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        try PlatformThread.detach(name: "test-receiver") { [self] in
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else {
                    if errno == EINTR || errno == ECONNABORTED { continue }
                    return
                }
                do {
                    try PlatformThread.detach(name: "test-receiver-connection") { [self] in serve(connection) }
                } catch {
                    close(connection)
                }
            }
        }
    }

    /// Every request so far, in the order they arrived.
    var deliveries: [Delivery] { received.withLock { $0 } }

    func setAnswer(_ answer: @escaping Answer) {
        self.answer.withLock { $0 = answer }
    }

    /// Stops accepting; connections end when the server closes them.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let stream: ByteStream
        if let tls {
            guard let session = tls.accept(fd) else { return }
            stream = session
        } else {
            stream = PlainStream(fd: fd)
        }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            var headEnd: Int?
            while headEnd == nil {
                headEnd = find(buffer, [13, 10, 13, 10])
                if headEnd != nil { break }
                let count = stream.read(&chunk)
                guard count > 0 else { return }
                buffer.append(contentsOf: chunk[..<count])
            }
            guard let end = headEnd else { return }
            let lines = String(decoding: buffer[..<end], as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = String(line[line.index(after: colon)...].drop { $0 == " " })
            }
            headers[":request-line"] = lines.first.map(String.init) ?? ""
            let length = Int(headers["content-length"] ?? "0") ?? 0
            buffer.removeFirst(end + 4)
            while buffer.count < length {
                let count = stream.read(&chunk)
                guard count > 0 else { return }
                buffer.append(contentsOf: chunk[..<count])
            }
            let delivery = Delivery(headers: headers, body: Array(buffer[..<length]))
            buffer.removeFirst(length)
            let index = received.withLock { list in
                list.append(delivery)
                return list.count - 1
            }
            let status = answer.withLock { $0 }(delivery, index)
            guard stream.write(Array("HTTP/1.1 \(status) Answer\r\nContent-Length: 2\r\n\r\nok".utf8)) else { return }
        }
    }

    private func find(_ haystack: [UInt8], _ needle: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}

private protocol ByteStream {
    func read(_ buffer: inout [UInt8]) -> Int
    func write(_ bytes: [UInt8]) -> Bool
}

private struct PlainStream: ByteStream {
    let fd: Int32

    func read(_ buffer: inout [UInt8]) -> Int {
        buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
    }

    func write(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }
}

/// The receiver's side of TLS: a server context with the test certificate.
private final class TLSServer: @unchecked Sendable {
    let context: OpaquePointer

    init(chain: String, key: String) throws {
        guard let context = SSL_CTX_new(TLS_server_method()),
              SSL_CTX_use_certificate_chain_file(context, chain) == 1,
              SSL_CTX_use_PrivateKey_file(context, key, SSL_FILETYPE_PEM) == 1 else {
            throw RawClient.Failure(description: "the test certificate cannot be loaded")
        }
        self.context = context
    }

    deinit { SSL_CTX_free(context) }

    func accept(_ fd: Int32) -> TLSStream? {
        guard let ssl = SSL_new(context) else { return nil }
        SSL_set_fd(ssl, fd)
        guard SSL_accept(ssl) == 1 else {
            SSL_free(ssl)
            return nil
        }
        return TLSStream(ssl: ssl)
    }
}

private final class TLSStream: ByteStream {
    let ssl: OpaquePointer

    init(ssl: OpaquePointer) { self.ssl = ssl }

    deinit { SSL_free(ssl) }

    func read(_ buffer: inout [UInt8]) -> Int {
        Int(buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) })
    }

    func write(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) } == Int32(bytes.count)
    }
}
