import Clock
import Glibc
import Postgres
import PostgresTestSupport
import Testing

/// LISTEN/NOTIFY, the nodes' wake-up hint (DESIGN-NOTES "More than one node").
@Suite struct NotificationTests {
    @Test func aNotificationReachesAWaitingListenerWithinTheTimeout() async throws {
        try await withTestDatabase { target in
            let listener = try PostgresConnection(target: target)
            try listener.listen("webchat")
            let sender = try PostgresConnection(target: target)
            // Sent from another thread while the listener already waits in poll.
            let thread = try BackgroundThread("notify-sender") {
                usleep(100_000)
                try sender.notify("webchat", payload: "ws_1:42")
            }
            let started = MonotonicClock.milliseconds()
            let received = try listener.waitForNotifications(timeoutMilliseconds: 5_000)
            try thread.join()
            #expect(received.map(\.channel) == ["webchat"])
            #expect(received.map(\.payload) == ["ws_1:42"])
            #expect(received.first?.processID != listener.backendProcessID)
            #expect(MonotonicClock.milliseconds() - started < 4_000, "it returns on arrival, not at the timeout")
        }
    }

    @Test func nothingArrivesWhenNothingWasSent() async throws {
        try await withTestDatabase { target in
            let listener = try PostgresConnection(target: target)
            try listener.listen("webchat")
            let sender = try PostgresConnection(target: target)
            try sender.notify("another-channel", payload: "not for us")
            let started = MonotonicClock.milliseconds()
            #expect(try listener.waitForNotifications(timeoutMilliseconds: 300).isEmpty)
            let waited = MonotonicClock.milliseconds() - started
            #expect(waited >= 300 && waited < 3_000)
        }
    }

    /// A hint sent inside a transaction arrives on commit, all at once, and never on rollback.
    @Test func notificationsFollowTheSendersTransaction() async throws {
        try await withTestDatabase { target in
            let listener = try PostgresConnection(target: target)
            try listener.listen("Mixed Case Channel")
            let sender = try PostgresConnection(target: target)
            try sender.begin()
            try sender.notify("Mixed Case Channel", payload: "rolled back")
            try sender.rollback()
            try sender.transaction { connection in
                for index in 1...3 { try connection.notify("Mixed Case Channel", payload: "\(index)") }
                #expect(try listener.waitForNotifications(timeoutMilliseconds: 200).isEmpty, "not before the commit")
            }
            var received: [PostgresNotification] = []
            try waitUntil("three notifications arrived") {
                received += try listener.waitForNotifications(timeoutMilliseconds: 1_000)
                return received.count >= 3
            }
            #expect(received.map(\.payload) == ["1", "2", "3"])
            try listener.unlisten("Mixed Case Channel")
            try sender.notify("Mixed Case Channel", payload: "after unlisten")
            #expect(try listener.waitForNotifications(timeoutMilliseconds: 200).isEmpty)
        }
    }

    /// A listener whose session the server ended learns it at once instead of waiting in silence.
    @Test func aLostConnectionIsReportedToTheListener() async throws {
        try await withTestDatabase { target in
            let listener = try PostgresConnection(target: target)
            try listener.listen("webchat")
            let administrator = try PostgresConnection(target: target)
            try administrator.execute("SELECT pg_terminate_backend($1::integer)", [.integer(Int64(listener.backendProcessID))])
            #expect(throws: PostgresError.self) { try listener.waitForNotifications(timeoutMilliseconds: 5_000) }
            #expect(!listener.isConnected)
        }
    }
}
