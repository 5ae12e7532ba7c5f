/// Why a filter was refused. The API answers it with `400 bad_filter`, and `parameter` repeats the
/// offending parameter exactly as the client wrote it, so the client can tell which of its
/// conditions to fix.
public struct FilterError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The parameter (or WebSocket filter member) as given; `"scope"` for a token's scope.
    public let parameter: String
    /// A human sentence saying what is wrong with it.
    public let message: String

    public init(parameter: String, message: String) {
        self.parameter = parameter
        self.message = message
    }

    public var description: String { "\(parameter): \(message)" }
}
