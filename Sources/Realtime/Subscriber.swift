import Auth
import WebSocket

/// A WebSocket connection as the hub knows it: where it lives, what it receives, and who it is
/// (for presence).
public struct Subscriber: Sendable {
    public let address: WebSocketAddress
    public var audience: Audience
    public let principal: Principal

    public init(address: WebSocketAddress, audience: Audience, principal: Principal) {
        self.address = address
        self.audience = audience
        self.principal = principal
    }

    /// Agents and admins are announced to their website as online and offline.
    var announcesPresence: Bool { principal.role == .agent || principal.role == .admin }
}
