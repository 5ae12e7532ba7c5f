import Store

/// Collects the events an audience receives after a cursor: persisted ones from the log and
/// ephemeral ones from the ring, merged in position order. Polling answers with it and a
/// WebSocket's replay is made of it, so a client sees the same events in either mode.
struct EventCollector {
    let cursors: CursorFormat
    let ring: EphemeralRing

    struct Page {
        let events: [RealtimeEvent]
        /// The cursor to continue from: the last event's position if the page is full, otherwise
        /// how far the scan went (so events that did not match are not scanned again).
        let next: EventPosition
        let isFull: Bool
    }

    /// Events after `cursor` up to persisted id `head` (the hub's position: nothing after it is
    /// routed live yet, so a poll never runs ahead of the live stream), at most `limit`.
    func collect(for audience: Audience, after cursor: EventPosition, through head: Int64, limit: Int,
                 in database: Database) throws -> Page {
        let ephemeral = ring.events(websiteID: audience.websiteID, after: cursor, throughPersisted: head)
        var result: [RealtimeEvent] = []
        var ringIndex = 0
        var scanFrom = cursor.persisted
        let pageSize = 512

        func take(_ event: RealtimeEvent) -> Bool {
            if audience.receives(event) { result.append(event) }
            return result.count >= limit
        }

        while scanFrom < head {
            let page = try EventLogReader.events(after: scanFrom, through: head, websiteID: audience.websiteID,
                                                 limit: pageSize, cursors: cursors, in: database)
            for event in page {
                while ringIndex < ephemeral.count, ephemeral[ringIndex].position < event.position {
                    ringIndex += 1
                    if take(ephemeral[ringIndex - 1]) { return Page(events: result, next: result[result.count - 1].position, isFull: true) }
                }
                if take(event) { return Page(events: result, next: event.position, isFull: true) }
            }
            guard page.count == pageSize, let last = page.last else { break }
            scanFrom = last.position.persisted
        }
        while ringIndex < ephemeral.count {
            ringIndex += 1
            if take(ephemeral[ringIndex - 1]) { return Page(events: result, next: result[result.count - 1].position, isFull: true) }
        }
        var next = max(cursor, EventPosition(persisted: head))
        if let newest = ephemeral.last { next = max(next, newest.position) }
        return Page(events: result, next: next, isFull: false)
    }
}
