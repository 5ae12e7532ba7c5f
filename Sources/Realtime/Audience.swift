import Chat
import Filters

/// Who is listening, as routing sees it: a principal's website, what it may see, and the filters
/// its connection or poll asked for. `receives` is the one rule that both the live stream and
/// polling apply, so both select the same events.
public struct Audience: Sendable {
    public let websiteID: String
    public let visibility: ChatFilter
    public let filters: ChatFilter
    /// Staff: they see who of the website's agents is online, which visitors do not (contract §5
    /// v2: the events carry staff ids and names, which are not theirs to see), and notes (§10).
    public let isStaff: Bool

    public init(viewer: Viewer, filters: ChatFilter) {
        websiteID = viewer.websiteID
        visibility = viewer.visibility
        isStaff = viewer.seesNotes
        self.filters = filters
    }

    /// Events of chats that are visible and match the filters right after the event, or right
    /// before it (the change that moves a chat out reaches those it leaves); presence of the
    /// website's agents, and notes' events, for everyone but visitors.
    public func receives(_ event: RealtimeEvent) -> Bool {
        guard event.websiteID == websiteID, isStaff || !event.isStaffOnly else { return false }
        switch event.route {
        case .website:
            return isStaff
        case .chat(let after, let before):
            if let after, selects(after) { return true }
            if let before, selects(before) { return true }
            // An event stored without its chat can only go to those who see everything.
            return after == nil && visibility.conditions.isEmpty && filters.conditions.isEmpty
        }
    }

    private func selects(_ chat: FilterableChat) -> Bool {
        visibility.matches(chat) && filters.matches(chat)
    }
}
