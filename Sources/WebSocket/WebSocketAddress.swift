import EventLoop

/// Reaches a WebSocket connection from any thread: its loop and its registration there. Work
/// sent through it runs on the connection's loop, and finds nothing once the connection is gone.
public struct WebSocketAddress: Sendable, Hashable {
    public let loop: EventLoop
    public let id: HandlerID

    public static func == (lhs: WebSocketAddress, rhs: WebSocketAddress) -> Bool {
        lhs.loop === rhs.loop && lhs.id == rhs.id
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(loop))
        hasher.combine(id)
    }

    /// Runs `body` on the connection's loop if the connection still exists there.
    public func execute(_ body: @escaping @Sendable (WebSocketConnection, LoopContext) -> Void) {
        let id = self.id
        loop.execute { context in
            guard let connection = context.handler(for: id) as? WebSocketConnection else { return }
            body(connection, context)
        }
    }
}
