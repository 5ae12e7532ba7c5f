import Glibc
import Synchronization
import TestSupport
import Threads

/// A real TCP server on 127.0.0.1 that answers requests with scripted bytes, for the client's
/// framing rules that a correct server never breaks (chunked bodies, missing lengths, a close
/// before the answer). It reads each request whole, then plays the next reply.
final class ScriptedServer: Sendable {
    /// What to do with one request.
    struct Reply: Sendable {
        /// Written in this many pieces, with a short pause between them.
        var pieces: [[UInt8]]
        /// Close the connection after writing (the next request comes on a new one).
        var thenClose = false

        init(_ text: String, pieces count: Int = 1, thenClose: Bool = false) {
            let bytes = Array(text.utf8)
            let size = max(1, (bytes.count + count - 1) / count)
            pieces = stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
            self.thenClose = thenClose
        }

        /// Read the request, answer nothing, close.
        static let hangUp = Reply("", thenClose: true)
    }

    let port: Int
    private let listener: Int32
    private let received = Mutex<[String]>([])
    private let thread = Mutex<PlatformThread?>(nil)

    /// The requests the server read, in order, as text.
    var requests: [String] { received.withLock { $0 } }

    init(_ script: [Reply]) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 16) == 0 && getsockname(listener, pointer, &length) == 0
            }
        }
        guard bound else {
            close(listener)
            throw RawClient.Failure(description: "cannot listen")
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        let started = try PlatformThread(name: "scripted-server") { [self] in play(script) }
        thread.withLock { $0 = started }
    }

    /// Stops listening (a script longer than the test's exchanges ends at its next accept) and
    /// waits until the script has been played. Calling it again does nothing.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func finish() {
        guard let running = thread.withLock({ current in defer { current = nil }; return current }) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        running.join()
        close(listener)
    }

    private func play(_ script: [Reply]) {
        var connection: Int32 = -1
        var pending: [UInt8] = []
        for reply in script {
            var request: [UInt8]?
            while request == nil {
                if connection < 0 {
                    connection = accept(listener, nil, nil)
                    pending = []
                    guard connection >= 0 else { return }
                    // Not inherited by the child processes other tests start (see RawClient).
                    _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
                }
                request = Self.readRequest(connection, &pending)
                if request == nil {
                    close(connection)
                    connection = -1
                }
            }
            received.withLock { $0.append(String(decoding: request ?? [], as: UTF8.self)) }
            for (index, piece) in reply.pieces.enumerated() {
                if index > 0 { usleep(2000) }
                _ = piece.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            }
            if reply.thenClose {
                close(connection)
                connection = -1
            }
        }
        if connection >= 0 { close(connection) }
    }

    /// One request (head and `Content-Length` body), or nil when the client closed.
    private static func readRequest(_ connection: Int32, _ pending: inout [UInt8]) -> [UInt8]? {
        while true {
            let text = String(decoding: pending, as: UTF8.self)
            if let headEnd = text.utf8.firstRange(of: "\r\n\r\n".utf8)?.upperBound {
                let head = text[..<headEnd].lowercased()
                let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).filter { $0 != " " }) } ?? 0
                let total = text.utf8.distance(from: text.utf8.startIndex, to: headEnd) + length
                if pending.count >= total {
                    let request = Array(pending[..<total])
                    pending.removeFirst(total)
                    return request
                }
            }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            pending.append(contentsOf: buffer[..<count])
        }
    }
}
