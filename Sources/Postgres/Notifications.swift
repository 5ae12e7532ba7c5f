import CLibPQ
import Clock
import Glibc

/// A `NOTIFY` received on a channel this connection listens to.
public struct PostgresNotification: Sendable, Hashable {
    public let channel: String
    public let payload: String
    /// The server process of the session that sent it (compare `backendProcessID` to skip one's own).
    public let processID: Int32
}

extension PostgresConnection {
    /// Subscribes to `channel`. Notifications sent inside a transaction arrive when it commits,
    /// and are lost while the connection is down: they are hints to go and read, not the data.
    public func listen(_ channel: String) throws(PostgresError) {
        try execute("LISTEN \(try quotedIdentifier(channel))")
    }

    public func unlisten(_ channel: String) throws(PostgresError) {
        try execute("UNLISTEN \(try quotedIdentifier(channel))")
    }

    /// Sends `payload` (under 8000 bytes) to every session listening on `channel`; inside a
    /// transaction it is delivered on commit, and not at all on rollback.
    public func notify(_ channel: String, payload: String = "") throws(PostgresError) {
        try execute("SELECT pg_notify($1, $2)", [.text(channel), .text(payload)])
    }

    /// Blocks until at least one notification arrived or `timeoutMilliseconds` passed, and
    /// returns every one received so far (empty on timeout). Throws when the connection is lost,
    /// so a listener learns at once that it must reconnect (and read what it missed).
    public func waitForNotifications(timeoutMilliseconds: Int) throws(PostgresError) -> [PostgresNotification] {
        let deadline = MonotonicClock.milliseconds() + UInt64(max(0, timeoutMilliseconds))
        while true {
            // Statements read notifications off the socket as well, so some may be waiting already.
            try consumeInput()
            let received = takeNotifications()
            let now = MonotonicClock.milliseconds()
            if !received.isEmpty || now >= deadline { return received }
            try waitUntilReadable(timeoutMilliseconds: Int32(clamping: deadline - now))
        }
    }

    /// Notifications libpq has parsed and queued.
    private func takeNotifications() -> [PostgresNotification] {
        var received: [PostgresNotification] = []
        while let notice = PQnotifies(handle) {
            received.append(PostgresNotification(channel: String(cString: notice.pointee.relname),
                                                 payload: String(cString: notice.pointee.extra),
                                                 processID: notice.pointee.be_pid))
            PQfreemem(notice)
        }
        return received
    }

    /// Reads whatever the server sent without blocking.
    func consumeInput() throws(PostgresError) {
        guard PQconsumeInput(handle) == 1 else {
            throw PostgresError(message: "lost the connection to \(target): \(PostgresError.connectionMessage(handle))")
        }
    }

    /// Waits in `poll` for the socket to be readable (or, with `writable`, writable), at most
    /// `timeoutMilliseconds`. Returns which of the two it became.
    @discardableResult
    func waitUntilReadable(timeoutMilliseconds: Int32, orWritable writable: Bool = false) throws(PostgresError)
        -> (readable: Bool, writable: Bool) {
        let socket = PQsocket(handle)
        guard socket >= 0 else { throw PostgresError(message: "the connection to \(target) has no socket") }
        var waiting = pollfd(fd: socket, events: Int16(POLLIN) | (writable ? Int16(POLLOUT) : 0), revents: 0)
        let status = poll(&waiting, 1, timeoutMilliseconds)
        if status < 0 && errno != EINTR {
            throw PostgresError(message: "poll on the connection to \(target) failed: \(String(cString: strerror(errno)))")
        }
        // Errors and hang-ups count as readable: reading then reports what happened.
        let readable = waiting.revents & (Int16(POLLIN) | Int16(POLLERR) | Int16(POLLHUP)) != 0
        return (readable, waiting.revents & Int16(POLLOUT) != 0)
    }
}
