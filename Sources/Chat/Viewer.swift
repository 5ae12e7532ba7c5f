import Auth
import Filters
import JSON

/// A verified caller as the chat domain sees it: its website, who it is, and what it may see.
/// Visitors see their own chats; agents and bots every chat of the website; admins everything —
/// each narrowed by the token's `scope`, which no client filter can widen (contract §2).
public struct Viewer: Sendable {
    public let websiteID: String
    public let principal: Principal
    /// The scope's metadata values, set on every chat this viewer creates.
    let scopeMetadata: JSONObject?
    /// Every chat this viewer may see, as a filter: ANDed with any filter the client asks for.
    public let visibility: ChatFilter

    public init(_ token: VerifiedToken) throws(FilterError) {
        websiteID = token.websiteID
        principal = token.principal
        scopeMetadata = token.scope?["metadata"]?.objectValue
        var visibility = ChatFilter.all
        if let scope = token.scope { visibility = try ChatFilter(scope: scope) }
        // Built directly, not parsed: a visitor id is text whatever it spells ("null" included).
        if principal.role == .visitor {
            visibility = visibility.and(ChatFilter(conditions: [.field(.visitorID, .equals(.string(principal.id)))]))
        }
        self.visibility = visibility
    }

    /// Agents, bots and admins change chats; visitors only write in their own.
    public var managesChats: Bool { principal.role != .visitor }

    /// Staff write and read notes; a visitor never gets one by any path (contract §10).
    public var seesNotes: Bool { principal.role != .visitor }

    public func canSee(_ chat: Chat) -> Bool {
        guard chat.websiteID == websiteID else { return false }
        guard !visibility.conditions.isEmpty else { return true }
        return visibility.matches(chat.filterable(withMetadata: visibility.readsMetadata))
    }

    /// Sets the scope's values into `metadata` for a chat this viewer creates; a conflicting value
    /// is refused (403), because the chat would fall outside what the viewer may see.
    func metadataForNewChat(_ metadata: JSONObject) throws(ChatError) -> JSONObject {
        guard let scopeMetadata else { return metadata }
        let merged = try Self.merge(scopeMetadata, into: metadata, path: "metadata")
        do {
            try ChatInput.checkSize(merged, field: "metadata")
        } catch {
            throw ChatError.invalid(error)
        }
        return merged
    }

    private static func merge(_ scope: JSONObject, into target: JSONObject, path: String) throws(ChatError) -> JSONObject {
        var result = target
        for (key, value) in scope {
            let here = "\(path).\(key)"
            switch (value, target[key]) {
            case (.object(let nested), .object(let existing)):
                result[key] = .object(try merge(nested, into: existing, path: here))
            case (.object(let nested), nil):
                result[key] = .object(try merge(nested, into: [:], path: here))
            case (_, nil):
                result[key] = value
            case (_, let existing?):
                guard existing == value else {
                    throw ChatError.forbidden("\(here) must be \(value.jsonText) within this token's scope.")
                }
            }
        }
        return result
    }
}

/// Why a chat operation was refused, for the API to answer with the contract's codes.
public enum ChatError: Error, Equatable, Sendable {
    /// The chat does not exist or is not visible: always 404, never 403 (contract §4).
    case notFound
    case forbidden(String)
    case invalid(ValidationError)
    /// The change would break a rule of uniqueness (a shortcut taken in the website): 409.
    case conflict(String)
}

extension Chat {
    /// What the filter evaluator needs of this chat; the metadata is parsed only when asked for.
    public func filterable(withMetadata: Bool = true) -> FilterableChat {
        FilterableChat(id: id, status: status.rawValue, priority: priority, isArchived: isArchived, visitorID: visitor?.id,
                       assigneeID: assigneeID, createdAt: createdAt.milliseconds, updatedAt: updatedAt.milliseconds,
                       lastActivityAt: lastActivityAt.milliseconds, metadata: withMetadata ? metadata : [:],
                       rating: rating?.score, handledBy: handledBy.rawValue)
    }
}
