import Filters
import WebSocket

/// The connections of one website, indexed by what their audience pins: a connection that may
/// only see some chats (filters on `chat_id`) or one visitor's chats (a visitor's own
/// visibility) can only receive events of those. Routing an event then looks at the connections
/// pinned to its chat or visitor and at the unpinned ones, instead of at every connection of the
/// website: with 10,000 widgets open, each message was checked against all 10,000.
///
/// `candidates` is a superset of the receivers; `Audience.receives` still decides each one.
struct SubscriberIndex {
    private(set) var subscribers: [WebSocketAddress: Subscriber] = [:]
    private var byChat: [String: Set<WebSocketAddress>] = [:]
    private var byVisitor: [String: Set<WebSocketAddress>] = [:]
    private var unpinned: Set<WebSocketAddress> = []

    private enum Pin {
        case chats(Set<String>)
        case visitors(Set<String>)
        case none

        init(_ audience: Audience) {
            let both = audience.visibility.and(audience.filters)
            if let chats = both.pinnedValues(of: .chatID) {
                self = .chats(chats)
            } else if let visitors = both.pinnedValues(of: .visitorID) {
                self = .visitors(visitors)
            } else {
                self = .none
            }
        }
    }

    var isEmpty: Bool { subscribers.isEmpty }

    /// Adds `subscriber`, replacing one at the same address.
    mutating func insert(_ subscriber: Subscriber) {
        remove(subscriber.address)
        subscribers[subscriber.address] = subscriber
        switch Pin(subscriber.audience) {
        case .chats(let ids): for id in ids { byChat[id, default: []].insert(subscriber.address) }
        case .visitors(let ids): for id in ids { byVisitor[id, default: []].insert(subscriber.address) }
        case .none: unpinned.insert(subscriber.address)
        }
    }

    @discardableResult
    mutating func remove(_ address: WebSocketAddress) -> Subscriber? {
        guard let subscriber = subscribers.removeValue(forKey: address) else { return nil }
        switch Pin(subscriber.audience) {
        case .chats(let ids): for id in ids { Self.remove(address, from: &byChat, at: id) }
        case .visitors(let ids): for id in ids { Self.remove(address, from: &byVisitor, at: id) }
        case .none: unpinned.remove(address)
        }
        return subscriber
    }

    /// A connection's new filters (the `filters` command) move it in the index.
    mutating func change(_ address: WebSocketAddress, to audience: Audience) {
        guard var subscriber = subscribers[address] else { return }
        subscriber.audience = audience
        insert(subscriber)
    }

    /// The connections that may receive `event`: every one for an event of the whole website
    /// (presence), else the unpinned ones and those pinned to its chat or its visitor. A
    /// connection is pinned one way only, and an event's route is of one chat, so the groups do
    /// not overlap (except for a visitor list when the chat's visitor changed, hence the set).
    func candidates(for event: RealtimeEvent) -> [Subscriber] {
        guard case .chat(let after, let before) = event.route else { return Array(subscribers.values) }
        var found: [Subscriber] = []
        func add(_ addresses: Set<WebSocketAddress>) {
            for address in addresses {
                if let subscriber = subscribers[address] { found.append(subscriber) }
            }
        }
        add(unpinned)
        guard let chat = after ?? before else { return found }
        add(byChat[chat.id] ?? [])
        let visitors = Set([after?.visitorID, before?.visitorID].compactMap { $0 })
        add(visitors.reduce(into: Set<WebSocketAddress>()) { pinned, visitor in pinned.formUnion(byVisitor[visitor] ?? []) })
        return found
    }

    private static func remove(_ address: WebSocketAddress, from index: inout [String: Set<WebSocketAddress>], at key: String) {
        index[key]?.remove(address)
        if index[key]?.isEmpty == true { index[key] = nil }
    }
}
