import HTTP

/// Turns an HTTP request into a WebSocket connection, or says precisely why it cannot be one,
/// so that an application only decides what each connection does.
public enum WebSocketUpgrade {
    /// The `101` reply for a valid handshake, with the delegate that `makeDelegate` builds on the
    /// connection's loop once the switch happens; or the refusal, which the caller answers in
    /// its own error format (see `WebSocketHandshake.Refusal`).
    public static func reply(to request: HTTPRequest, configuration: WebSocketConfiguration = WebSocketConfiguration(),
                             makeDelegate: @escaping @Sendable () -> any WebSocketDelegate) -> Result<HTTPReply, WebSocketHandshake.Refusal> {
        let headers = request.headers
        func joined(_ name: String) -> String? {
            let values = headers.values(name)
            return values.isEmpty ? nil : values.joined(separator: ", ")
        }
        let outcome = WebSocketHandshake.evaluate(
            method: request.method.description,
            httpVersion: request.head.version == .http11 ? "HTTP/1.1" : "HTTP/1.0",
            upgrade: joined("Upgrade"),
            connection: joined("Connection"),
            secWebSocketVersion: joined("Sec-WebSocket-Version"),
            secWebSocketKey: headers.values("Sec-WebSocket-Key").count == 1 ? headers["Sec-WebSocket-Key"] : nil)
        switch outcome {
        case .refuse(let refusal):
            return .failure(refusal)
        case .accept(let accept):
            let response = HTTPResponse(status: .switchingProtocols, headers: [
                ("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Accept", accept),
            ])
            return .success(.switchProtocols(response, takeOver: { handover in
                WebSocketConnection(handover: handover, loop: handover.loop, configuration: configuration, delegate: makeDelegate())
            }))
        }
    }
}
