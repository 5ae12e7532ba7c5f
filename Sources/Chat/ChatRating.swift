import Clock
import JSON

/// How the visitor rated a resolved chat (contract §11): `{score, comment, at}`.
public struct ChatRating: Sendable, Equatable {
    public let score: Int
    public let comment: String?
    public let at: Timestamp

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(contentsOf: #"{"score":"#.utf8)
        JSONEncoding.appendInteger(score, to: &buffer)
        buffer.append(contentsOf: #","comment":"#.utf8)
        if let comment { JSONEncoding.appendString(comment, to: &buffer) } else { buffer.append(contentsOf: "null".utf8) }
        buffer.append(contentsOf: #","at":""#.utf8)
        at.appendRFC3339(to: &buffer)
        buffer.append(contentsOf: #""}"#.utf8)
    }
}

/// The body of `POST /chats/{id}/rating`: `score` (an integer from 1 to 5) and an optional
/// `comment` (at most 1,000 characters after trimming; empty or `null` is no comment).
public struct NewRating: Sendable {
    public static let scores = 1...5
    /// A sentence or two, as the widget's comment box allows; longer belongs in a message.
    public static let maxCommentLength = 1000

    public let score: Int
    public let comment: String?

    public init(body: JSONObject) throws(ValidationError) {
        try Validate.onlyKnownFields(body, ["score", "comment"])
        guard let score = body["score"]?.intValue, Self.scores.contains(score) else {
            throw ValidationError(field: "score", message: "score must be an integer from 1 to 5.")
        }
        self.score = score
        if let value = body["comment"], !value.isNull {
            let text = try Validate.text(value, field: "comment", length: 0...Self.maxCommentLength)
            comment = text.isEmpty ? nil : text
        } else {
            comment = nil
        }
    }
}
