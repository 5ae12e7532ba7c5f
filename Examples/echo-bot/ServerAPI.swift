// The WebChatKit REST API as the bot calls it: one blocking HTTP/1.1 request per call, over a new
// connection (`Connection: close`), to the server's http:// URL. Small on purpose: a real bot
// would use its platform's HTTP client; this one has no package to lean on.
import ExampleSupport
import Glibc
import JSON

struct ServerAPI: Sendable {
    let host: String
    let port: Int

    /// `http://host:port` (no path); stops the program on anything else.
    init(_ url: String) {
        guard url.hasPrefix("http://") else { fail("--server must be an http:// URL, such as http://127.0.0.1:8080") }
        let authority = url.dropFirst("http://".count).split(separator: "/").first.map(String.init) ?? ""
        let parts = authority.split(separator: ":")
        guard parts.count <= 2, let host = parts.first, let port = parts.count == 2 ? Int(parts[1]) : 80 else {
            fail("--server \(url) is not host:port")
        }
        self.host = String(host)
        self.port = port
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The status and the JSON body (null when there is none) of `method path` with `token`.
    func call(_ method: String, _ path: String, token: String, body: JSONValue? = nil) throws -> (status: Int, json: JSONValue) {
        let payload = body.map { Array($0.jsonText.utf8) } ?? []
        var request = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n"
        if body != nil { request += "Content-Type: application/json\r\nContent-Length: \(payload.count)\r\n" }
        let answer = try exchange(Array((request + "\r\n").utf8) + payload)
        guard let split = answer.firstRange(of: Array("\r\n\r\n".utf8)),
              let statusLine = String(validating: answer[..<split.lowerBound], as: UTF8.self)?.split(separator: " "),
              statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw Failure(description: "\(method) \(path): not an HTTP answer")
        }
        let content = answer[split.upperBound...]
        return (status, content.isEmpty ? .null : try JSONValue(parsing: Array(content)))
    }

    /// Sends `request` and reads the answer until the server closes the connection.
    private func exchange(_ request: [UInt8]) throws -> [UInt8] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let first = found else {
            throw Failure(description: "cannot resolve \(host)")
        }
        defer { freeaddrinfo(found) }
        let socket = Glibc.socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard socket >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        defer { close(socket) }
        guard connect(socket, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            throw Failure(description: "cannot connect to \(host):\(port): \(String(cString: strerror(errno)))")
        }
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw Failure(description: "send: \(String(cString: strerror(errno)))") }
            sent += count
        }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw Failure(description: "recv: \(String(cString: strerror(errno)))") }
            if count == 0 { return answer }
            answer += buffer[..<count]
        }
    }
}
