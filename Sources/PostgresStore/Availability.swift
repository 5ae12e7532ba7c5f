import Logging
import Synchronization

/// Whether the database answered lately (`Store.isAvailable`), as the writer, the listener and
/// the broadcaster find out. Each change is logged once, not every failed attempt: an outage of
/// a minute is two lines, one when it begins and one when it ends.
final class Availability: Sendable {
    private let available = Atomic(true)
    private let logger: Logger
    private let target: String

    init(logger: Logger, target: String) {
        self.logger = logger
        self.target = target
    }

    var isAvailable: Bool { available.load(ordering: .acquiring) }

    func lost(_ reason: any Error) {
        guard available.exchange(false, ordering: .acquiringAndReleasing) else { return }
        logger.failure("lost the database; writes fail with StoreError.unavailable until it is back", reason,
                       ["target": target], level: .error)
    }

    func regained() {
        guard !available.exchange(true, ordering: .acquiringAndReleasing) else { return }
        logger.warning("the database is back", ["target": target])
    }
}

/// The server process of a thread's current session (the writer's, the broadcaster's), so that
/// the listener can skip what this node itself announced: its writer has told the observer of its
/// own commits, and its own broadcasts are not news to it.
final class SessionProcess: Sendable {
    private let processID = Atomic<Int32>(0)

    var current: Int32 { processID.load(ordering: .acquiring) }

    func update(_ id: Int32) { processID.store(id, ordering: .releasing) }
}
