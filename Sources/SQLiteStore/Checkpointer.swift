import Store
import CSQLite
import Threads

/// Copies the write-ahead log back into the database file on a thread of its own, so the writer
/// never waits for that copy or its fsyncs.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses the threshold: that commit,
/// and every write queued behind it, waits until thousands of pages are copied and synced. Here
/// the writer's log hook only asks for a checkpoint; this thread runs it as `PASSIVE`, which
/// shares the file with the writer and copies the frames committed before it started.
///
/// The log starts over from its beginning only when a write begins with every frame copied, and
/// under steady load some commit always lands during a background pass. So after each pass the
/// writer copies that short tail itself, between two batches (`takeFinishedPass`): the log stays
/// bounded, and the writer only ever copies what was committed during one pass.
final class Checkpointer: Sendable {
    /// One cycle: asked for, copied in the background, then the tail copied by the writer. A new
    /// cycle waits for the writer's copy: a background pass running meanwhile would hold the
    /// checkpoint lock, the writer's copy would fail, and the log would never start over.
    enum Phase {
        case idle
        case requested
        case copying
        case tailPending
    }

    private struct State {
        var phase = Phase.idle
        var isClosed = false
    }

    /// Log size, in frames (pages), from which the writer asks for a checkpoint.
    let thresholdFrames: Int
    private let state = ConditionLock(State())

    init(thresholdFrames: Int) {
        self.thresholdFrames = thresholdFrames
    }

    /// Where the cycle is, for tests.
    var phase: Phase { state.withLock { $0.phase } }

    /// Called by the writer's log hook after each commit; returns at once. The checkpoint thread
    /// is signalled only when a cycle begins: the log stays past the threshold for a whole cycle,
    /// and a signal at every commit meanwhile could only make it look at the state for nothing.
    func logGrew(toFrames frames: Int) {
        guard frames >= thresholdFrames else { return }
        state.update(wakingOneIf: { state in
            guard state.phase == .idle else { return false }
            state.phase = .requested
            return true
        })
    }

    /// Whether a background pass ended since the last call; the writer then copies the tail,
    /// and the next cycle may begin.
    func takeFinishedPass() -> Bool {
        state.withLock { state in
            guard state.phase == .tailPending else { return false }
            state.phase = .idle
            return true
        }
    }

    /// The checkpoint thread's loop over its own connection; returns once `close()` was called.
    func run(on database: SQLiteDatabase) {
        while state.wait(until: { state -> Bool? in
            if state.isClosed { return false }
            guard state.phase == .requested else { return nil }
            state.phase = .copying
            return true
        }) {
            database.checkpointPassively()
            state.withLock { $0.phase = .tailPending }
        }
    }

    func close() {
        state.update(wakeAll: true) { $0.isClosed = true }
    }
}

extension SQLiteDatabase {
    /// Copies what it can of the log into the database file without blocking the writer or
    /// readers. Best effort: frames a reader's snapshot still needs stay for a later pass.
    func checkpointPassively() {
        sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
    }

    /// Replaces SQLite's automatic checkpoint on this (the writer's) connection: after each
    /// commit, `checkpointer` hears how many frames the log holds.
    func reportLogGrowth(to checkpointer: Checkpointer) {
        // Unretained: the writer keeps the checkpointer alive until it closes this connection.
        let context = Unmanaged.passUnretained(checkpointer).toOpaque()
        sqlite3_wal_hook(handle, { context, _, _, frames in
            guard let context else { return SQLITE_OK }
            Unmanaged<Checkpointer>.fromOpaque(context).takeUnretainedValue().logGrew(toFrames: Int(frames))
            return SQLITE_OK
        }, context)
    }
}
