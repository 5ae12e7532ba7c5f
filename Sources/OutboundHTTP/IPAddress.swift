import Glibc

/// An IPv4 or IPv6 address with a port, as `getaddrinfo` resolved it or a URL spelled it, and
/// whether a server may be made to call it: loopback, private, link-local, multicast and the other
/// special-purpose ranges (RFC 6890) are not the public Internet, so a URL that leads there could
/// turn the server against its own network (SSRF).
public struct IPAddress: Sendable, Equatable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6, in network order.
    public let bytes: [UInt8]
    public var port: Int = 0

    public var isIPv6: Bool { bytes.count == 16 }

    public init?(literal: String) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, literal, &v4) == 1 {
            bytes = withUnsafeBytes(of: v4) { Array($0) }
        } else if inet_pton(AF_INET6, literal, &v6) == 1 {
            bytes = withUnsafeBytes(of: v6) { Array($0) }
        } else {
            return nil
        }
    }

    init(bytes: [UInt8], port: Int) {
        self.bytes = bytes
        self.port = port
    }

    /// Whether the address is outside every special-purpose range, and so may be called unless the
    /// operator allows private destinations. An IPv4 address inside IPv6 (mapped, NAT64, 6to4,
    /// compatible) is judged as that IPv4 address.
    public var isPublic: Bool {
        if !isIPv6 { return Self.isPublicV4(bytes) }
        let b = bytes
        // ::ffff:a.b.c.d (mapped), 64:ff9b::a.b.c.d (NAT64), ::a.b.c.d (compatible, deprecated).
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF { return Self.isPublicV4(Array(b[12...])) }
        if b[0..<4] == [0x00, 0x64, 0xFF, 0x9B] && b[4..<12].allSatisfy({ $0 == 0 }) { return Self.isPublicV4(Array(b[12...])) }
        if b[0..<12].allSatisfy({ $0 == 0 }) { return false }  // ::, ::1, compatible
        if b[0] == 0x20 && b[1] == 0x02 { return Self.isPublicV4(Array(b[2..<6])) }  // 6to4
        if b[0] & 0xFE == 0xFC { return false }  // fc00::/7 unique local
        if b[0] == 0xFE && b[1] & 0xC0 == 0x80 { return false }  // fe80::/10 link-local
        if b[0] == 0xFE && b[1] & 0xC0 == 0xC0 { return false }  // fec0::/10 site-local
        if b[0] == 0xFF { return false }  // multicast
        if b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8 { return false }  // documentation
        if b[0] == 0x01 && b[1..<8].allSatisfy({ $0 == 0 }) { return false }  // 100::/64 discard
        return true
    }

    private static func isPublicV4(_ b: [UInt8]) -> Bool {
        switch (b[0], b[1]) {
        case (0, _), (10, _), (127, _): return false  // this network, private, loopback
        case (100, 64...127): return false  // shared address space (carrier NAT)
        case (169, 254): return false  // link-local (cloud metadata services live here)
        case (172, 16...31), (192, 168): return false  // private
        case (192, 0) where b[2] == 0 || b[2] == 2: return false  // protocol assignments, documentation
        case (198, 18...19): return false  // benchmarking
        case (198, 51) where b[2] == 100, (203, 0) where b[2] == 113: return false  // documentation
        case (224...255, _): return false  // multicast, reserved, broadcast
        default: return true
        }
    }

    public var description: String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        bytes.withUnsafeBytes { raw in
            _ = inet_ntop(isIPv6 ? AF_INET6 : AF_INET, raw.baseAddress, &text, socklen_t(text.count))
        }
        let length = text.firstIndex(of: 0) ?? text.count
        let host = String(decoding: text[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Resolves `host` (a name or a literal) to every address it has, once: the caller checks
    /// them and connects to the very addresses it checked, so a second lookup that answers
    /// otherwise (DNS rebinding) has nothing to change. Blocks: call it off the event loops.
    public static func resolve(_ host: String, port: Int) throws(OutboundError) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &result)
        guard status == 0 else { throw .unresolved(host) }
        defer { freeaddrinfo(result) }
        var addresses: [IPAddress] = []
        var next = result
        while let entry = next {
            let info = entry.pointee
            if let address = info.ai_addr {
                switch info.ai_family {
                case AF_INET:
                    let v4 = UnsafeRawPointer(address).load(as: sockaddr_in.self)
                    addresses.append(IPAddress(bytes: withUnsafeBytes(of: v4.sin_addr) { Array($0) }, port: port))
                case AF_INET6:
                    let v6 = UnsafeRawPointer(address).load(as: sockaddr_in6.self)
                    addresses.append(IPAddress(bytes: withUnsafeBytes(of: v6.sin6_addr) { Array($0) }, port: port))
                default:
                    break
                }
            }
            next = info.ai_next
        }
        guard !addresses.isEmpty else { throw .unresolved(host) }
        var unique: [IPAddress] = []
        for address in addresses where !unique.contains(address) { unique.append(address) }
        return unique
    }

    /// Calls `body` with this address as a `sockaddr`.
    func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        if isIPv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = UInt16(port).bigEndian
            withUnsafeMutableBytes(of: &address.sin6_addr) { $0.copyBytes(from: bytes) }
            return withUnsafePointer(to: address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        withUnsafeMutableBytes(of: &address.sin_addr) { $0.copyBytes(from: bytes) }
        return withUnsafePointer(to: address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }
}
