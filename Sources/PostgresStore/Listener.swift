import Logging
import Postgres
import Store

/// The listener thread: its own session, subscribed to `PostgresDatabase.logChannel`, through
/// which the commits of the other nodes sharing the database wake this node's commit observer
/// (the realtime hub, which then reads the log), and to `Broadcaster.channel`, whose payloads go
/// to the broadcast observer.
///
/// Notifications sent while the session is down are lost, so once it has reconnected the
/// listener wakes the observer once: whatever it missed is in the log, to be read. This node's
/// own commits are skipped (`SessionProcess`): its writer told the observer already; so are its
/// own broadcasts.
struct Listener {
    let target: PostgresTarget
    let configuration: PostgresConfiguration
    let logger: Logger
    let commits: CommitObserver
    let availability: Availability
    let writer: SessionProcess
    let broadcasts: BroadcastObserver
    let broadcaster: SessionProcess
    let stop: StopFlag

    /// How long one wait lasts; closing the store waits for the current one to end.
    static let waitMilliseconds = 500

    /// A session listening on the channel, or the error that kept it from being one.
    static func listening(_ target: PostgresTarget, _ configuration: PostgresConfiguration,
                          _ logger: Logger) throws(PostgresError) -> PostgresConnection {
        let session = try PostgresConnection(target: target, configuration: configuration, logger: logger)
        try session.listen(PostgresDatabase.logChannel)
        try session.listen(Broadcaster.channel)
        return session
    }

    /// Waits for notifications until the store closes.
    func run(_ first: PostgresConnection) {
        var session = first
        while !stop.isSet {
            do {
                let received = try session.waitForNotifications(timeoutMilliseconds: Self.waitMilliseconds)
                var committed = false
                for notification in received {
                    if notification.channel == Broadcaster.channel {
                        if notification.processID != broadcaster.current { broadcasts.deliver(notification.payload) }
                    } else if notification.processID != writer.current {
                        committed = true
                    }
                }
                if committed { commits.notify() }
            } catch {
                guard let replacement = reconnect(after: error) else { return }
                session = replacement
                commits.notify()
            }
        }
    }

    /// A new listening session, trying again with a growing delay; nil when the store closed first.
    private func reconnect(after error: PostgresError) -> PostgresConnection? {
        availability.lost(error)
        var backoff = Backoff()
        while backoff.sleep(unless: stop) {
            do {
                let session = try Self.listening(target, configuration, logger)
                availability.regained()
                return session
            } catch {
                logger.debug("the listener cannot reach the database yet", ["error": error.description])
            }
        }
        return nil
    }
}
