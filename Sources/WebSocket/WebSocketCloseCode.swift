/// Close status codes (RFC 6455 §7.4) the server sends or must recognise.
public enum WebSocketCloseCode {
    public static let normalClosure: UInt16 = 1000
    public static let goingAway: UInt16 = 1001
    public static let protocolError: UInt16 = 1002
    public static let unsupportedData: UInt16 = 1003
    public static let invalidPayloadData: UInt16 = 1007
    public static let policyViolation: UInt16 = 1008
    public static let messageTooBig: UInt16 = 1009
    public static let internalError: UInt16 = 1011
    /// Reported locally when a close frame carried no code; never sent.
    public static let noStatusReceived: UInt16 = 1005
    /// Reported locally when the connection ended without a close frame; never sent.
    public static let abnormalClosure: UInt16 = 1006

    /// Whether `code` may appear in a close frame. 1005, 1006 and 1015 are reserved for local
    /// reporting, 1004 and 1016–2999 are unassigned, below 1000 is unused; 3000–4999 belong to
    /// libraries and applications.
    public static func isValidOnWire(_ code: UInt16) -> Bool {
        switch code {
        case 1000...1003, 1007...1014, 3000...4999: return true
        default: return false
        }
    }
}
