/// Where the server may send requests (contract §9): https only unless the operator allows
/// http, and only public addresses unless the operator allows private ones. Checked when a URL is
/// stored and again on every address at each connection.
public struct DestinationRules: Sendable {
    public var allowsHTTP: Bool
    public var allowsPrivateAddresses: Bool

    public init(allowsHTTP: Bool = false, allowsPrivateAddresses: Bool = false) {
        self.allowsHTTP = allowsHTTP
        self.allowsPrivateAddresses = allowsPrivateAddresses
    }

    public func check(_ url: OutboundURL) throws(OutboundError) {
        guard url.isHTTPS || allowsHTTP else { throw .refusedScheme }
    }

    /// Refuses the whole lookup when any address is not public: a name that answers with a
    /// private address among public ones is not one to call.
    public func check(_ addresses: [IPAddress]) throws(OutboundError) {
        guard !allowsPrivateAddresses else { return }
        if let refused = addresses.first(where: { !$0.isPublic }) {
            throw .refusedDestination(refused.description)
        }
    }
}
