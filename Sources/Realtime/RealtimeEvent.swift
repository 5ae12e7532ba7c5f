import Filters

/// One event ready to go out: its JSON (contract §1 Event), built once and shared by every
/// receiver, with what routing needs to pick them. The hub frames it for WebSocket receivers
/// (once per event); a poll sends the JSON as it is.
public struct RealtimeEvent: Sendable {
    public enum Route: Sendable {
        /// An event of a chat: the chat as filters saw it right after the event, and for a
        /// change also right before; nil for an event stored without one.
        case chat(after: FilterableChat?, before: FilterableChat?)
        /// Presence of an agent: every connection of the website receives it.
        case website
    }

    public let position: EventPosition
    public let websiteID: String
    public let route: Route
    /// A note's event: no visitor receives it, live or by poll or replay (contract §10).
    public let isStaffOnly: Bool
    public let json: [UInt8]

    /// Builds the event from its JSON without the id, as the event log stores it (everything
    /// after `{"id":"<cursor>",`).
    init(position: EventPosition, websiteID: String, route: Route, isStaffOnly: Bool = false, tail: some Collection<UInt8>,
         cursors: CursorFormat) {
        self.position = position
        self.websiteID = websiteID
        self.route = route
        self.isStaffOnly = isStaffOnly
        var json: [UInt8] = []
        json.reserveCapacity(40 + tail.count)
        json.append(contentsOf: #"{"id":""#.utf8)
        json.append(contentsOf: cursors.text(position).utf8)
        json.append(contentsOf: #"","#.utf8)
        json.append(contentsOf: tail)
        self.json = json
    }
}
