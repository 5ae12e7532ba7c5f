/// The parts of a response head the client needs: status, body length, and whether the server
/// closes the connection after this response.
struct ResponseHead {
    /// Bodies larger than this are refused rather than buffered: no API answer comes near it.
    static let maxContentLength = 1 << 30

    let status: Int
    let contentLength: Int
    let closesConnection: Bool

    /// Parses a head from its status line to the CRLF ending its last header line (the empty line
    /// excluded). Only `Content-Length` framing is accepted; the server never sends chunked
    /// responses, and a client that guessed would measure the wrong thing.
    init(parsing bytes: UnsafeRawBufferPointer) throws(ClientError) {
        var lines = HeadLines(bytes)
        // "HTTP/1.x NNN" and an optional " reason"; slices keep their base's indices, hence `at`.
        guard let statusLine = lines.next(), statusLine.count >= 12, statusLine.starts(with: "HTTP/1.".utf8) else {
            throw .malformed("bad status line")
        }
        let at = statusLine.startIndex
        let minor = statusLine[at + 7]
        guard minor == UInt8(ascii: "0") || minor == UInt8(ascii: "1"), statusLine[at + 8] == UInt8(ascii: " "),
              let status = Self.decimal(statusLine[(at + 9)..<(at + 12)]), status >= 100,
              statusLine.count == 12 || statusLine[at + 12] == UInt8(ascii: " ")
        else { throw .malformed("bad status line") }
        var contentLength: Int?
        var closes = minor == UInt8(ascii: "0")
        while let line = lines.next() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw .malformed("header line without a colon") }
            let name = line[..<colon]
            let value = Self.trimmed(line[(colon + 1)...])
            if Self.equalsIgnoringCase(name, "content-length") {
                guard let length = Self.decimal(value), length <= Self.maxContentLength, contentLength ?? length == length else {
                    throw .malformed("bad Content-Length")
                }
                contentLength = length
            } else if Self.equalsIgnoringCase(name, "transfer-encoding") {
                throw .malformed("Transfer-Encoding is not supported")
            } else if Self.equalsIgnoringCase(name, "connection") {
                let tokens = String(decoding: value, as: UTF8.self).lowercased().split(separator: ",").map { $0.filter { $0 != " " } }
                if tokens.contains("close") { closes = true }
                if tokens.contains("keep-alive") && !tokens.contains("close") { closes = false }
            }
        }
        self.status = status
        closesConnection = closes
        if status < 200 || status == 204 || status == 304 {
            self.contentLength = 0
        } else {
            guard let contentLength else { throw .malformed("no Content-Length") }
            self.contentLength = contentLength
        }
    }

    /// A non-negative decimal of at most 10 digits (so it cannot overflow), or nil.
    private static func decimal(_ digits: UnsafeRawBufferPointer.SubSequence) -> Int? {
        guard (1...10).contains(digits.count) else { return nil }
        var value = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func trimmed(_ value: UnsafeRawBufferPointer.SubSequence) -> UnsafeRawBufferPointer.SubSequence {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = value.firstIndex(where: { !isSpace($0) }), let last = value.lastIndex(where: { !isSpace($0) }) else {
            return value[value.startIndex..<value.startIndex]
        }
        return value[first...last]
    }

    /// ASCII case-insensitive comparison with a lowercase name.
    private static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer.SubSequence, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
        return zip(bytes, expected).allSatisfy { byte, lower in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 == lower : byte == lower
        }
    }
}

/// The CRLF-terminated lines of a head, without their CRLF.
private struct HeadLines: IteratorProtocol {
    private let bytes: UnsafeRawBufferPointer
    private var position: Int

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    mutating func next() -> UnsafeRawBufferPointer.SubSequence? {
        guard position < bytes.endIndex else { return nil }
        var index = position
        while index < bytes.endIndex, !(bytes[index] == 13 && index + 1 < bytes.endIndex && bytes[index + 1] == 10) { index += 1 }
        let line = bytes[position..<index]
        position = min(index + 2, bytes.endIndex)
        return line
    }
}
