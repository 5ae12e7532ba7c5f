import Auth
import Chat
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

    /// Agents and admins have an availability, announced to their website (`Availability`).
    var announcesPresence: Bool { Availability.hasAvailability(principal) }
}
