/// The one filter grammar of the product, parsed once into typed conditions.
///
/// REST query parameters, the WebSocket `filters` object and a token's scope all become a
/// `ChatFilter`. REST lists compile it to SQL (`sql(websiteID:)`), which the metadata index makes
/// fast at a million chats; the realtime layer evaluates it against each changed chat
/// (`matches(_:)`). The evaluator defines the meaning and the compiler agrees with it exactly, so
/// a chat is listed by REST if and only if its events reach a connection with the same filter.
public struct ChatFilter: Sendable, Equatable {
    /// Conditions that must all hold.
    public var conditions: [FilterCondition]

    /// The filter without conditions, which every chat matches.
    public static let all = ChatFilter(conditions: [])

    public init(conditions: [FilterCondition]) {
        self.conditions = conditions
    }

    /// Both filters' conditions: how a client's filter is narrowed by its token's scope, which it
    /// can therefore never widen.
    /// Whether evaluating this filter reads a chat's metadata; when not, a caller can skip
    /// parsing the metadata of the chat it checks.
    public var readsMetadata: Bool {
        conditions.contains { condition in
            if case .metadata = condition { true } else { false }
        }
    }

    public func and(_ other: ChatFilter) -> ChatFilter {
        ChatFilter(conditions: conditions + other.conditions)
    }
}
