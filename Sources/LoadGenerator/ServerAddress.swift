import Glibc

/// The server under load: an `http://host[:port]` URL, resolved once so that reconnecting costs no
/// name lookup.
public struct ServerAddress: Sendable {
    public let host: String
    public let port: Int
    /// The `Host` header of every request: the host as written, and the port.
    public let authority: String
    let family: Int32
    /// The resolved `sockaddr`, as bytes so that the address is a plain `Sendable` value.
    private let socketAddress: [UInt8]

    /// Accepts `http://HOST[:PORT][/]` with HOST a name, an IPv4 address or a bracketed IPv6
    /// address; the port defaults to 80. TLS and paths are refused: the benchmark talks to the
    /// API's fixed paths on a plain socket.
    public init(url: String) throws(AddressError) {
        guard url.lowercased().hasPrefix("http://") else {
            throw AddressError("\(url) is not an http:// URL (https is not supported).")
        }
        var rest = Substring(url.dropFirst("http://".count))
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.contains("/"), !rest.contains("@"), !rest.contains("?") else {
            throw AddressError("\(url) must name only a host and a port, such as http://127.0.0.1:8080.")
        }
        var host = rest
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw AddressError("\(url) has an unclosed [ in its host.") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw AddressError("\(url) has something other than :PORT after its host.") }
                portText = after.dropFirst()
            }
        } else if let colon = rest.firstIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        }
        var port = 80
        if let portText {
            guard portText.allSatisfy({ ("0"..."9").contains($0) }), let number = Int(portText), (1...65535).contains(number) else {
                throw AddressError("\(url) has a port that is not a number from 1 to 65535.")
            }
            port = number
        }
        try self.init(host: String(host), port: port)
    }

    public init(host: String, port: Int) throws(AddressError) {
        guard !host.isEmpty else { throw AddressError("The server's host is empty.") }
        guard (1...65535).contains(port) else { throw AddressError("Port \(port) is not from 1 to 65535.") }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var results: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &results)
        guard status == 0, let first = results, let address = first.pointee.ai_addr else {
            if let results { freeaddrinfo(results) }
            throw AddressError("Cannot resolve \(host): \(String(cString: gai_strerror(status))).")
        }
        defer { freeaddrinfo(results) }
        self.host = host
        self.port = port
        authority = (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
        family = first.pointee.ai_family
        socketAddress = Array(UnsafeRawBufferPointer(start: address, count: Int(first.pointee.ai_addrlen)))
    }

    /// Calls `body` with the resolved address as `connect` takes it.
    func withSocketAddress<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        socketAddress.withUnsafeBytes { bytes in
            body(bytes.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(bytes.count))
        }
    }
}

/// A server URL or address that cannot be used, with a sentence saying why.
public struct AddressError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
