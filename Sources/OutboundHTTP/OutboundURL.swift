/// An `http` or `https` URL as the client calls it: scheme, host, port and the request target.
/// Only what a webhook's URL may be is accepted: no user information (credentials in a URL end up
/// in logs), no fragment, a host name or an IP literal, an explicit port from 1 to 65535.
public struct OutboundURL: Sendable, Equatable, CustomStringConvertible {
    public let isHTTPS: Bool
    /// A lowercased host name, an IPv4 literal, or an IPv6 literal without its brackets.
    public let host: String
    public let port: Int
    /// Path and query, starting with `/`.
    public let target: String
    public let isIPLiteral: Bool

    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case malformed(String)

        public var description: String {
            switch self {
            case .malformed(let why): why
            }
        }
    }

    public init(_ text: String) throws(Problem) {
        let lowered = text.lowercased()
        let rest: Substring
        if lowered.hasPrefix("https://") {
            isHTTPS = true
            rest = text.dropFirst(8)
        } else if lowered.hasPrefix("http://") {
            isHTTPS = false
            rest = text.dropFirst(7)
        } else {
            throw .malformed("The URL must start with https:// (or http:// where the operator allows it).")
        }
        guard !text.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) else {
            throw .malformed("The URL must be ASCII without spaces or control characters (percent-encode the rest).")
        }
        guard !text.contains("#") else { throw .malformed("The URL must not have a fragment (#...).") }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let path = rest[authorityEnd...]
        target = path.isEmpty ? "/" : path.hasPrefix("?") ? "/" + path : String(path)
        guard !authority.contains("@") else { throw .malformed("The URL must not carry a user name or password.") }
        var hostPart: Substring
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .malformed("The URL's IPv6 address lacks its ].") }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .malformed("The URL's host is not followed by a port.") }
                portPart = after.dropFirst()
            }
            guard IPAddress(literal: String(hostPart))?.isIPv6 == true else { throw .malformed("The URL's IPv6 address is not one.") }
            isIPLiteral = true
        } else {
            if let colon = authority.lastIndex(of: ":") {
                hostPart = authority[..<colon]
                portPart = authority[authority.index(after: colon)...]
            } else {
                hostPart = authority
            }
            let name = hostPart.lowercased()
            guard (1...253).contains(name.utf8.count),
                  name.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2E }),
                  !name.hasPrefix("."), !name.contains("..") else {
                throw .malformed("The URL's host must be a host name (letters, digits, - and .) or an IP address.")
            }
            hostPart = Substring(name)
            isIPLiteral = IPAddress(literal: name) != nil
        }
        host = String(hostPart)
        if let portPart {
            guard !portPart.isEmpty, portPart.count <= 5, portPart.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let number = Int(portPart), (1...65535).contains(number) else {
                throw .malformed("The URL's port must be a number from 1 to 65535.")
            }
            port = number
        } else {
            port = isHTTPS ? 443 : 80
        }
    }

    /// The `Host` header: the host, bracketed when IPv6, with the port when it is not the default.
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (isHTTPS ? 443 : 80) ? name : "\(name):\(port)"
    }

    public var description: String { "\(isHTTPS ? "https" : "http")://\(hostHeader)\(target)" }
}
