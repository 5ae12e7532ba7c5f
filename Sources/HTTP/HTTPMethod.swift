/// A request method. Methods the server knows get cases so routing compares integers, not
/// strings; any other token is kept as written (methods are case-sensitive).
public enum HTTPMethod: Hashable, Sendable, CustomStringConvertible {
    case get, head, post, put, patch, delete, options
    case other(String)

    init(token: UnsafeRawBufferPointer) {
        switch token.count {
        case 3 where token.elementsEqual("GET".utf8): self = .get
        case 3 where token.elementsEqual("PUT".utf8): self = .put
        case 4 where token.elementsEqual("HEAD".utf8): self = .head
        case 4 where token.elementsEqual("POST".utf8): self = .post
        case 5 where token.elementsEqual("PATCH".utf8): self = .patch
        case 6 where token.elementsEqual("DELETE".utf8): self = .delete
        case 7 where token.elementsEqual("OPTIONS".utf8): self = .options
        default: self = .other(String(decoding: token, as: UTF8.self))
        }
    }

    public var description: String {
        switch self {
        case .get: "GET"
        case .head: "HEAD"
        case .post: "POST"
        case .put: "PUT"
        case .patch: "PATCH"
        case .delete: "DELETE"
        case .options: "OPTIONS"
        case .other(let token): token
        }
    }
}

/// HTTP/1.0 or HTTP/1.1; other versions are refused while parsing.
public enum HTTPVersion: Sendable, Equatable {
    case http10, http11
}
