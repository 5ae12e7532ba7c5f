import Synchronization

/// Typing and presence events, kept in memory for a short while per website so that a poll or a
/// reconnect shortly after still gets them in order. They are never written to disk and are lost
/// on restart (contract §5).
final class EphemeralRing: Sendable {
    private struct Entry {
        let event: RealtimeEvent
        let bornAt: UInt64
    }

    private struct State {
        var byWebsite: [String: [Entry]] = [:]
        var counter: Int64 = 0
    }

    private let state = Mutex(State())
    let capacityPerWebsite: Int
    let keepMilliseconds: UInt64

    init(capacityPerWebsite: Int = 256, keepMilliseconds: UInt64 = 60_000) {
        self.capacityPerWebsite = capacityPerWebsite
        self.keepMilliseconds = keepMilliseconds
    }

    /// The newest ephemeral number handed out: a position `(head, newestCounter)` is past every
    /// kept event at or before `head`.
    var newestCounter: Int64 { state.withLock { $0.counter } }

    /// Builds the next event of `websiteID` at a position just after persisted event `after`,
    /// keeps it, and returns it.
    func append(websiteID: String, after persisted: Int64, now: UInt64,
                build: (EventPosition) -> RealtimeEvent) -> RealtimeEvent {
        state.withLock { state in
            state.counter += 1
            let event = build(EventPosition(persisted: persisted, ephemeral: state.counter))
            var entries = state.byWebsite[websiteID] ?? []
            let expired = entries.prefix { now &- $0.bornAt > keepMilliseconds }.count
            let overflow = max(0, entries.count - expired + 1 - capacityPerWebsite)
            entries.removeFirst(expired + overflow)
            entries.append(Entry(event: event, bornAt: now))
            state.byWebsite[websiteID] = entries
            return event
        }
    }

    /// Kept events of `websiteID` after `cursor` up to `end`, in position order (the order they
    /// were added in).
    func events(websiteID: String, after cursor: EventPosition, through end: EventPosition) -> [RealtimeEvent] {
        state.withLock { state in
            Array((state.byWebsite[websiteID] ?? []).lazy.map(\.event).filter { $0.position > cursor && $0.position <= end })
        }
    }

    /// Drops websites whose events all expired, so that the ring does not keep every website
    /// that ever typed.
    func sweep(now: UInt64) {
        state.withLock { state in
            state.byWebsite = state.byWebsite.filter { _, entries in
                guard let newest = entries.last else { return false }
                return now &- newest.bornAt <= keepMilliseconds
            }
        }
    }
}
