import Auth
import JSON
import WebSocket

/// The server's own messages of the realtime protocol (contract §5), as text frames.
enum RealtimeFrames {
    /// `{"type":"welcome","cursor":…,"principal":{"id","role","name"?,"email"?}}`.
    static func welcome(cursor: String, principal: Principal) -> [UInt8] {
        var json: [UInt8] = Array(#"{"type":"welcome","cursor":"#.utf8)
        JSONEncoding.appendString(cursor, to: &json)
        json.append(contentsOf: #","principal":{"id":"#.utf8)
        JSONEncoding.appendString(principal.id, to: &json)
        json.append(contentsOf: #","role":"#.utf8)
        JSONEncoding.appendString(principal.role.rawValue, to: &json)
        for (name, value) in [("name", principal.name), ("email", principal.email)] {
            guard let value else { continue }
            json.append(contentsOf: #",""#.utf8)
            json.append(contentsOf: name.utf8)
            json.append(contentsOf: #"":"#.utf8)
            JSONEncoding.appendString(value, to: &json)
        }
        json.append(contentsOf: "}}".utf8)
        return WebSocketFrameEncoder.text(utf8: json)
    }

    /// `{"type":"error","code":…,"message":…,"ref"?:…}`; `ref` names the command that failed
    /// (a send's `client_id`, or the `ref` a command carried).
    static func error(_ error: APIError, ref: String?) -> [UInt8] {
        var json: [UInt8] = Array(#"{"type":"error","code":"#.utf8)
        JSONEncoding.appendString(error.code, to: &json)
        json.append(contentsOf: #","message":"#.utf8)
        JSONEncoding.appendString(error.message, to: &json)
        if let ref {
            json.append(contentsOf: #","ref":"#.utf8)
            JSONEncoding.appendString(ref, to: &json)
        }
        json.append(UInt8(ascii: "}"))
        return WebSocketFrameEncoder.text(utf8: json)
    }

    /// `{"type":"ack","client_id":…,"message":{…},"chat":{…}}`.
    static func ack(clientID: String, message: [UInt8], chat: [UInt8]) -> [UInt8] {
        var json: [UInt8] = Array(#"{"type":"ack","client_id":"#.utf8)
        JSONEncoding.appendString(clientID, to: &json)
        json.append(contentsOf: #","message":"#.utf8)
        json.append(contentsOf: message)
        json.append(contentsOf: #","chat":"#.utf8)
        json.append(contentsOf: chat)
        json.append(UInt8(ascii: "}"))
        return WebSocketFrameEncoder.text(utf8: json)
    }

    static let pong = WebSocketFrameEncoder.text(#"{"type":"pong"}"#)
}

/// Close codes of the realtime protocol (contract §5).
enum RealtimeCloseCode {
    /// The hello failed, or the token expired.
    static let unauthorized: UInt16 = 4401
    /// A visitor connected from an origin outside the website's `allowed_origins`.
    static let forbiddenOrigin: UInt16 = 4403
    /// Too many hellos from this principal or address: reconnect later (the client backs off).
    static let rateLimited: UInt16 = 4429
}
