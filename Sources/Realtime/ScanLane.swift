import Store
import Synchronization

/// Where log scans — polls and replay chunks, each bounded in rows — wait for a store reader.
///
/// A scan costs tens of milliseconds where an ordinary read costs a fraction of one, and a
/// principal who sees little of a busy website can ask for one after another. So scans do not
/// queue with other reads: at most `concurrency` of them hold readers at once (one of the two
/// by default, so `GET /chats` and friends always find a reader), and waiting scans are started
/// round-robin by website — a website's flood of scans waits behind itself, and another
/// website's scan waits for at most one scan of each website ahead of it in the round.
/// Each website may have `waitingPerWebsite` polls waiting; past that a new one is refused with
/// `RealtimeError.busy` (the client polls again later). Replay chunks always wait: there is at
/// most one per connection, and a busy website's reconnecting widgets (after a deploy, thousands
/// with cursors) must all be served, not closed to retry.
final class ScanLane: Sendable {
    typealias Start = @Sendable (_ finished: @escaping @Sendable () -> Void) -> Void

    private struct State {
        var waiting: [String: [Start]] = [:]
        /// Websites with waiting scans, in the order of their next turn.
        var turns: [String] = []
        var running = 0
    }

    private let state = Mutex(State())
    let concurrency: Int
    let waitingPerWebsite: Int

    init(concurrency: Int, waitingPerWebsite: Int) {
        self.concurrency = max(1, concurrency)
        self.waitingPerWebsite = max(1, waitingPerWebsite)
    }

    /// Runs `work` on a store reader when it is this website's turn; `completion` gets its
    /// outcome on the reader's thread, or `Busy` at once when the website has too many waiting.
    func read<T: Sendable>(_ store: Store, websiteID: String, mayBeRefused: Bool = true,
                           _ work: @escaping @Sendable (Database) throws -> T,
                           completion: @escaping @Sendable (Result<T, any Error>) -> Void) {
        let start: Start = { finished in
            store.submitRead(work) { outcome in
                finished()
                completion(outcome)
            }
        }
        guard enqueue(start, websiteID: websiteID, mayBeRefused: mayBeRefused) else {
            completion(.failure(RealtimeError.busy))
            return
        }
        startNext()
    }

    func read<T: Sendable>(_ store: Store, websiteID: String, _ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            read(store, websiteID: websiteID, work) { continuation.resume(with: $0) }
        }
    }

    private func enqueue(_ start: @escaping Start, websiteID: String, mayBeRefused: Bool) -> Bool {
        state.withLock { state in
            let queue = state.waiting[websiteID, default: []]
            guard !mayBeRefused || queue.count < waitingPerWebsite else { return false }
            if queue.isEmpty { state.turns.append(websiteID) }
            state.waiting[websiteID, default: []].append(start)
            return true
        }
    }

    /// Starts scans while fewer than `concurrency` run, taking websites in turn.
    private func startNext() {
        while let start = takeTurn() {
            start { [self] in
                state.withLock { $0.running -= 1 }
                startNext()
            }
        }
    }

    private func takeTurn() -> Start? {
        state.withLock { state in
            guard state.running < concurrency, !state.turns.isEmpty else { return nil }
            let websiteID = state.turns.removeFirst()
            var queue = state.waiting[websiteID] ?? []
            let start = queue.removeFirst()
            if queue.isEmpty {
                state.waiting[websiteID] = nil
            } else {
                state.waiting[websiteID] = queue
                state.turns.append(websiteID)
            }
            state.running += 1
            return start
        }
    }
}
