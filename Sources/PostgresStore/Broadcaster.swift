import Logging
import Postgres
import Store
import Synchronization
import Threads

/// Payloads waiting for the broadcaster. Bounded: broadcasts are what may be lost (typing,
/// presence), so past `capacity` a new one is dropped instead of growing the queue while the
/// database is slow or gone.
final class BroadcastQueue: Sendable {
    private struct State {
        var payloads: [String] = []
        var isClosed = false
    }

    static let capacity = 4096
    private let state = ConditionLock(State())

    /// False when the payload was dropped: the queue is full or closed.
    func push(_ payload: String) -> Bool {
        state.update { state in
            guard !state.isClosed, state.payloads.count < Self.capacity else { return false }
            state.payloads.append(payload)
            return true
        }
    }

    /// Blocks until payloads wait and takes them all; nil once closed (what waits is dropped).
    func take() -> [String]? {
        state.wait { state -> [String]?? in
            if state.isClosed { return .some(nil) }
            guard !state.payloads.isEmpty else { return nil }
            defer { state.payloads.removeAll(keepingCapacity: true) }
            return .some(state.payloads)
        }
    }

    func close() {
        state.update(wakeAll: true) { $0.isClosed = true }
    }
}

/// The broadcaster thread: sends what this node shares with the others (`Store.broadcast`) as
/// notifications on a session of its own, so that a slow send never holds the writer or the
/// hub. While the database is lost, what waits is dropped and the session is reconnected with
/// the same backoff as every other thread.
struct Broadcaster {
    static let channel = "webchat_broadcast"

    let target: PostgresTarget
    let configuration: PostgresConfiguration
    let logger: Logger
    let queue: BroadcastQueue
    let availability: Availability
    /// This thread's session, which the listener skips: a node does not hear itself.
    let session: SessionProcess
    let stop: StopFlag

    func run() {
        var connection: PostgresConnection?
        // Grows across failed attempts and starts over after a send, as for the other threads.
        var backoff = Backoff()
        while let payloads = queue.take() {
            do throws(PostgresError) {
                let current: PostgresConnection
                if let connection { current = connection } else { current = try connect() }
                connection = current
                for payload in payloads { try current.notify(Self.channel, payload: payload) }
                backoff = Backoff()
            } catch {
                guard connection == nil || error.isConnectionLoss || connection?.isConnected == false else {
                    logger.failure("broadcasts to the other nodes were dropped", error, ["count": "\(payloads.count)"], level: .warning)
                    continue
                }
                // Logged once for the whole outage; what waited is dropped (it may be lost).
                availability.lost(error)
                connection = nil
                guard backoff.sleep(unless: stop) else { return }
            }
        }
    }

    private func connect() throws(PostgresError) -> PostgresConnection {
        let connection = try PostgresConnection(target: target, configuration: configuration, logger: logger)
        session.update(connection.backendProcessID)
        availability.regained()
        return connection
    }
}

/// Whom the broadcasts of other nodes go to (`Store.observeBroadcasts`).
final class BroadcastObserver: Sendable {
    private let observer = Mutex<(@Sendable (String) -> Void)?>(nil)

    func set(_ body: @escaping @Sendable (String) -> Void) {
        observer.withLock { $0 = body }
    }

    func deliver(_ payload: String) {
        observer.withLock { $0 }?(payload)
    }
}
