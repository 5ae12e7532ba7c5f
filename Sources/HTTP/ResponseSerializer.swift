import EventLoop
import Glibc

/// Writes status line and header fields straight into bytes, with a `Date` line that is formatted
/// once per second per loop rather than once per response.
struct ResponseSerializer {
    private var cachedSecond = -1
    private var dateLine: [UInt8] = []
    private let defaultHeaders: [UInt8]

    init(defaultHeaders: [(name: String, value: String)]) {
        var bytes: [UInt8] = []
        for (name, value) in defaultHeaders {
            Self.appendField(name, value, to: &bytes)
        }
        self.defaultHeaders = bytes
    }

    /// What goes to the outbound queue after a response's head.
    enum Body {
        case none
        /// Its own buffer, shared, not copied.
        case bytes([UInt8])
        case file(FileSlice)
    }

    /// Serializes `response` into pieces for the outbound queue: the head, then the body as its
    /// own buffer (shared, not copied) unless it is small enough to ride along in the head's, or
    /// as a file to send.
    mutating func serialize(_ response: HTTPResponse, omitBody: Bool, closeAfter: Bool, version: HTTPVersion) -> (head: [UInt8], body: Body) {
        if let file = response.bodyFile {
            let head = serializeHead(response, bodyLength: file.count, closeAfter: closeAfter, version: version, inlineBody: false)
            return (head, response.status.allowsBody && !omitBody ? .file(file) : .none)
        }
        let inline = response.body.count <= Self.inlineBodyLimit
        var head = serializeHead(response, bodyLength: response.body.count, closeAfter: closeAfter, version: version, inlineBody: inline)
        guard response.status.allowsBody, !omitBody, !response.body.isEmpty else { return (head, .none) }
        if inline {
            head.append(contentsOf: response.body)
            return (head, .none)
        }
        return (head, .bytes(response.body))
    }

    private mutating func serializeHead(_ response: HTTPResponse, bodyLength: Int, closeAfter: Bool, version: HTTPVersion,
                                        inlineBody: Bool) -> [UInt8] {
        var head: [UInt8] = []
        head.reserveCapacity(256 + (inlineBody ? bodyLength : 0))
        head.append(contentsOf: Self.statusLine(response.status))
        head.append(contentsOf: defaultHeaders)
        for (name, value) in response.headers {
            Self.appendField(name, value, to: &head)
        }
        head.append(contentsOf: response.encodedHeaderLines)
        refreshDate()
        head.append(contentsOf: dateLine)
        if response.status.allowsBody {
            Self.appendText("Content-Length: ", to: &head)
            Self.appendDecimal(bodyLength, to: &head)
            head.append(contentsOf: "\r\n".utf8)
        }
        if closeAfter {
            head.append(contentsOf: "Connection: close\r\n".utf8)
        } else if version == .http10 {
            head.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        head.append(contentsOf: "\r\n".utf8)
        return head
    }

    /// Bodies up to this size are copied behind the head so that one buffer goes out.
    static let inlineBodyLimit = 2048

    /// `100 Continue`, sent before reading the body of a request that asked for it.
    static let continueLine: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private mutating func refreshDate() {
        var now = time(nil)
        guard Int(now) != cachedSecond else { return }
        cachedSecond = Int(now)
        var parts = tm()
        gmtime_r(&now, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let text = "Date: \(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT\r\n"
        dateLine = Array(text.utf8)
    }

    private static func appendField(_ name: String, _ value: String, to bytes: inout [UInt8]) {
        appendText(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
        // A handler's value must never split the head: CR and LF become spaces. Values are
        // copied in bulk; only one with a line break is rewritten byte by byte.
        if value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A }) {
            bytes.append(contentsOf: value.utf8.map { $0 == 0x0D || $0 == 0x0A ? 0x20 : $0 })
        } else {
            appendText(value, to: &bytes)
        }
        bytes.append(0x0D)
        bytes.append(0x0A)
    }

    /// Appends a string's UTF-8 with one copy (native strings are contiguous).
    @inline(__always)
    private static func appendText(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// `HTTP/1.1 200 OK` and CRLF, prepared once for the statuses servers answer most.
    private static func statusLine(_ status: HTTPStatus) -> [UInt8] {
        switch status.code {
        case 200: okLine
        case 304: notModifiedLine
        default: Array("HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n".utf8)
        }
    }

    private static let okLine = Array("HTTP/1.1 200 OK\r\n".utf8)
    private static let notModifiedLine = Array("HTTP/1.1 304 Not Modified\r\n".utf8)

    static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        guard value > 0 else {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var remaining = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while remaining > 0 {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
                count += 1
            }
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }
}

extension OutboundQueue {
    /// Queues a serialized response's body, after its head.
    mutating func append(_ body: ResponseSerializer.Body) {
        switch body {
        case .none: break
        case .bytes(let bytes): append(bytes)
        case .file(let slice): append(slice)
        }
    }
}
