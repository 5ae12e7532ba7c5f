/// The standard chat fields a filter can name, by their parameter names.
public enum ChatField: String, Sendable, CaseIterable {
    case status
    case priority
    case isArchived = "is_archived"
    case assigneeID = "assignee_id"
    case visitorID = "visitor_id"
    case chatID = "chat_id"
    case createdAt = "created_at"
    case updatedAt = "updated_at"
    case lastActivityAt = "last_activity_at"
    /// The score of the visitor's rating (1–5), null when not rated (contract §11).
    case rating
    /// `bot` or `agent`: who answers the chat (contract §9).
    case handledBy = "handled_by"
}

/// One condition of a filter; a filter ANDs its conditions.
///
/// The parsers check that each field gets values of its own type (a status among the four, an
/// integer priority, a time as milliseconds), which is what lets a standard field compile to a
/// plain column comparison that agrees with the evaluator.
public enum FilterCondition: Sendable, Equatable {
    case field(ChatField, FieldLookup)
    case metadata(MetadataPath, Lookup)
}
