/// Reads one response from a connection: the head (at most `HTTPClient.maxHeadBytes`), then the
/// body by its framing, of which at most `HTTPClient.maxBodyBytes` are read; interim 1xx answers
/// are passed over.
struct ResponseReader {
    let connection: OutboundConnection
    let deadline: UInt64
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 16 * 1024)

    init(connection: OutboundConnection, deadline: UInt64) {
        self.connection = connection
        self.deadline = deadline
    }

    /// The head of the final answer, past any interim 1xx.
    mutating func readHead() throws(OutboundError) -> ResponseHead {
        while true {
            let head = try readOneHead()
            if !(100...199).contains(head.status) { return head }
        }
    }

    private mutating func readOneHead() throws(OutboundError) -> ResponseHead {
        var sawAnything = !buffer.isEmpty
        while true {
            if let end = Self.find([13, 10, 13, 10], in: buffer) {
                let head = try ResponseHead(buffer[..<end])
                buffer.removeFirst(end + 4)
                return head
            }
            guard buffer.count <= HTTPClient.maxHeadBytes else { throw .malformedResponse("the head is over 16 KiB") }
            let count = try connection.read(into: &chunk, deadline: deadline)
            guard count > 0 else { throw sawAnything ? .malformedResponse("the connection ended inside the head") : .closed }
            sawAnything = true
            buffer.append(contentsOf: chunk[..<count])
        }
    }

    /// Reads and drops the body; false when it was cut at the byte limit or framed by the end of
    /// the connection.
    mutating func skipBody(_ head: ResponseHead) throws(OutboundError) -> Bool {
        if head.status == 204 || head.status == 304 { return true }
        if let length = head.contentLength {
            guard length <= HTTPClient.maxBodyBytes else {
                try take(HTTPClient.maxBodyBytes)
                return false
            }
            try take(length)
            return true
        }
        if head.isChunked { return try skipChunks() }
        var read = buffer.count
        buffer.removeAll()
        while read < HTTPClient.maxBodyBytes {
            let count = try connection.read(into: &chunk, deadline: deadline)
            if count == 0 { break }
            read += count
        }
        return false
    }

    /// Reads `count` bytes (what the buffer holds first) and drops them.
    private mutating func take(_ count: Int) throws(OutboundError) {
        while buffer.count < count {
            let read = try connection.read(into: &chunk, deadline: deadline)
            guard read > 0 else { throw .malformedResponse("the connection ended inside the body") }
            buffer.append(contentsOf: chunk[..<read])
        }
        buffer.removeFirst(count)
    }

    private mutating func line() throws(OutboundError) -> [UInt8] {
        while true {
            if let end = Self.find([13, 10], in: buffer) {
                let line = Array(buffer[..<end])
                buffer.removeFirst(end + 2)
                return line
            }
            guard buffer.count <= 4096 else { throw .malformedResponse("a chunk line is over 4 KiB") }
            let read = try connection.read(into: &chunk, deadline: deadline)
            guard read > 0 else { throw .malformedResponse("the connection ended inside the body") }
            buffer.append(contentsOf: chunk[..<read])
        }
    }

    private mutating func skipChunks() throws(OutboundError) -> Bool {
        var total = 0
        while true {
            let sizeLine = try line()
            let digits = sizeLine.prefix { $0 != UInt8(ascii: ";") }
            guard !digits.isEmpty, digits.count <= 8, let size = Int(String(decoding: digits, as: UTF8.self), radix: 16) else {
                throw .malformedResponse("a chunk size is not hexadecimal")
            }
            if size == 0 {
                while try !line().isEmpty {}  // trailers
                return true
            }
            total += size
            guard total <= HTTPClient.maxBodyBytes else { return false }
            try take(size)
            guard try line().isEmpty else { throw .malformedResponse("chunk data is not followed by CRLF") }
        }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return start }
        }
        return nil
    }
}
