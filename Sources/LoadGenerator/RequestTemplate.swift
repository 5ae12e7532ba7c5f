/// Requests that differ only in their target and body: the method, the version and the fixed
/// headers are encoded once, so that a request in the load loop costs one allocation and a few
/// appends.
public struct RequestTemplate: Sendable {
    private let method: [UInt8]
    /// From the space after the target to the CRLF of the last fixed header.
    private let fixedHeaders: [UInt8]

    public init(method: String, authority: String, headers: [(name: String, value: String)] = []) {
        self.method = Array((method + " ").utf8)
        var text = " HTTP/1.1\r\nHost: \(authority)\r\n"
        for header in headers { text += "\(header.name): \(header.value)\r\n" }
        fixedHeaders = Array(text.utf8)
    }

    /// A complete request: `writeTarget` appends the target (`/path?query`); a body comes with its
    /// `Content-Length`.
    public func request(body: [UInt8]? = nil, target writeTarget: (inout [UInt8]) -> Void) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(method.count + 128 + fixedHeaders.count + 32 + (body?.count ?? 0))
        bytes.append(contentsOf: method)
        writeTarget(&bytes)
        bytes.append(contentsOf: fixedHeaders)
        if let body {
            bytes.append(contentsOf: "Content-Length: ".utf8)
            bytes.appendDecimal(body.count)
            bytes.append(contentsOf: "\r\n\r\n".utf8)
            bytes.append(contentsOf: body)
        } else {
            bytes.append(contentsOf: "\r\n".utf8)
        }
        return bytes
    }

    public func request(target: String, body: [UInt8]? = nil) -> [UInt8] {
        request(body: body) { $0.append(contentsOf: target.utf8) }
    }
}

extension [UInt8] {
    /// Appends the decimal digits of `value`, without building a `String`.
    mutating func appendDecimal(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var width = 1
        var rest = magnitude / 10
        while rest > 0 {
            width += 1
            rest /= 10
        }
        append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        var index = count - 1
        repeat {
            self[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            index -= 1
        } while magnitude > 0
    }
}
