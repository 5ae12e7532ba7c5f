import Filters
import Synchronization

/// The newest route (what filters see of a chat) of chats the hub has routed events of, so that
/// `typing` is checked against memory instead of a store read per frame on the hub's thread.
///
/// Only the hub's thread writes it, from the events it routes in log order, so an entry is never
/// older than the hub's position: once a chat is here, every later event of it updates it (the
/// hub decodes the rows of cached chats even for websites nobody follows). Loops read it.
/// Bounded: past `capacity` chats the oldest inserted are forgotten, and a lookup that misses
/// goes to a store reader instead.
final class ChatRouteCache: Sendable {
    private struct Entry {
        let websiteID: String
        var chat: FilterableChat
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Chat ids in insertion order from `oldest`, for eviction.
        var order: [String] = []
        var oldest = 0
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The chat's newest route, if it is cached and belongs to `websiteID`.
    func chat(_ id: String, websiteID: String) -> FilterableChat? {
        state.withLock { state in
            guard let entry = state.entries[id], entry.websiteID == websiteID else { return nil }
            return entry.chat
        }
    }

    func contains(_ id: String) -> Bool {
        state.withLock { $0.entries[id] != nil }
    }

    /// Records routes in log order (the hub's thread only), one lock for a routed batch.
    func remember(_ routes: [(websiteID: String, chat: FilterableChat)]) {
        guard !routes.isEmpty else { return }
        state.withLock { state in
            for (websiteID, chat) in routes {
                if state.entries.updateValue(Entry(websiteID: websiteID, chat: chat), forKey: chat.id) == nil {
                    state.order.append(chat.id)
                }
            }
            while state.entries.count > capacity {
                state.entries[state.order[state.oldest]] = nil
                state.oldest += 1
            }
            // The evicted prefix is dropped once it is half the array, so the array stays
            // proportional to what is cached.
            if state.oldest > capacity {
                state.order.removeFirst(state.oldest)
                state.oldest = 0
            }
        }
    }
}
