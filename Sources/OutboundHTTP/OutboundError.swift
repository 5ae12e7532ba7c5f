/// Why a request got no HTTP status, as a sentence for a delivery log. It never holds request
/// content: a webhook's secret and body stay out of logs.
public enum OutboundError: Error, Equatable, Sendable, CustomStringConvertible {
    case unresolved(String)
    /// An http URL where the operator allows only https.
    case refusedScheme
    /// Every address the host resolved to is checked; this one is not a public address.
    case refusedDestination(String)
    case connect(String)
    case tls(String)
    case timeout
    case closed
    case malformedResponse(String)
    case io(String)

    public var description: String {
        switch self {
        case .unresolved(let host): "The host \(host) could not be resolved."
        case .refusedScheme: "Only https URLs are allowed on this server."
        case .refusedDestination(let address):
            "The host resolved to \(address), which is not a public address (loopback, private, link-local or multicast); refused."
        case .connect(let why): "Could not connect: \(why)."
        case .tls(let why): "TLS failed: \(why)."
        case .timeout: "No complete answer within the time limit."
        case .closed: "The receiver closed the connection before answering."
        case .malformedResponse(let why): "The answer is not HTTP/1.1: \(why)."
        case .io(let why): "The connection failed: \(why)."
        }
    }
}
