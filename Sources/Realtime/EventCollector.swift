import Store

/// Collects the events an audience receives after a cursor: persisted ones from the log and
/// ephemeral ones from the ring, merged in position order. Polling answers with it and a
/// WebSocket's replay is made of it, so a client sees the same events in either mode.
///
/// Every call is bounded twice: by the events it returns and by the log rows it may look at. A
/// principal who sees little of a busy website (a visitor on a site with 200,000 events) would
/// otherwise make one call walk the whole log while holding a reader; with the bound a call
/// stops after `scanLimit` rows and says where, and the next call goes on from there.
struct EventCollector {
    let cursors: CursorFormat
    let ring: EphemeralRing

    struct Page {
        let events: [RealtimeEvent]
        /// The position to continue from: the last event's if the page is full, otherwise how far
        /// the scan went (so rows that did not match are not looked at again).
        let next: EventPosition
        /// False when the page stopped early (`limit` events found, or `scanLimit` rows looked at)
        /// and more may follow up to the end it was asked for.
        let reachedEnd: Bool
    }

    /// Events after `cursor` up to `end` — the hub's position, so a poll never runs ahead of the
    /// live stream; ephemeral events are included up to `end` too — at most `limit` events and
    /// at most `scanLimit` log rows.
    func collect(for audience: Audience, after cursor: EventPosition, through end: EventPosition, limit: Int, scanLimit: Int,
                 in database: Database) throws -> Page {
        // Read in the same snapshot as the events below: on a database shared by several nodes,
        // another node's hub may have cleaned up events this node still thinks are kept, and the
        // horizon moves in the same transaction as the deletes, so a page never has a hole.
        guard cursor.persisted >= (try EventLogReader.state(in: database)).expiredThrough else {
            throw CursorFormat.Problem.expired
        }
        let ephemeral = ring.events(websiteID: audience.websiteID, after: cursor, through: end)
        var result: [RealtimeEvent] = []
        var ringIndex = 0
        var scanFrom = cursor.persisted
        var scanned = 0
        let pageSize = min(512, max(1, scanLimit))

        func take(_ event: RealtimeEvent) -> Bool {
            if audience.receives(event) { result.append(event) }
            return result.count >= limit
        }
        func full(at position: EventPosition) -> Page { Page(events: result, next: position, reachedEnd: false) }

        while scanFrom < end.persisted {
            if scanned >= scanLimit {
                // Stopped by the row budget: everything up to `scanFrom` has been looked at, and
                // ring events before it were taken in order above.
                return full(at: max(cursor, EventPosition(persisted: scanFrom, ephemeral: 0)))
            }
            let requested = min(pageSize, scanLimit - scanned)
            let page = try EventLogReader.events(after: scanFrom, through: end.persisted, websiteID: audience.websiteID,
                                                 limit: requested, cursors: cursors, in: database)
            scanned += page.count
            for event in page {
                while ringIndex < ephemeral.count, ephemeral[ringIndex].position < event.position {
                    ringIndex += 1
                    if take(ephemeral[ringIndex - 1]) { return full(at: result[result.count - 1].position) }
                }
                if take(event) { return full(at: event.position) }
            }
            guard page.count == requested, let last = page.last else { break }
            scanFrom = last.position.persisted
        }
        while ringIndex < ephemeral.count {
            ringIndex += 1
            if take(ephemeral[ringIndex - 1]) { return full(at: result[result.count - 1].position) }
        }
        var next = max(cursor, EventPosition(persisted: end.persisted))
        if let newest = ephemeral.last { next = max(next, newest.position) }
        return Page(events: result, next: next, reachedEnd: true)
    }
}
