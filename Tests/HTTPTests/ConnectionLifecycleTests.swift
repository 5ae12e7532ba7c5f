import Testing
@testable import HTTP

/// Every transition of the connection lifecycle, one row each.
@Suite("Connection lifecycle")
struct ConnectionLifecycleTests {
    typealias Phase = ConnectionLifecycle.Phase
    typealias Event = ConnectionLifecycle.Event
    typealias Action = ConnectionLifecycle.Action

    static let transitions: [(from: Phase, event: Event, to: Phase, action: Action)] = [
        (.open, .finalResponseQueued, .closing, .stopReading),
        (.open, .outputDrained(now: 5, linger: 10), .open, .none),
        (.open, .peerClosed(owesResponses: true), .closing, .stopReading),
        (.open, .peerClosed(owesResponses: false), .closed, .close),
        (.open, .timedOut, .closed, .close),
        (.open, .lingerExpired(now: 100), .open, .none),
        (.open, .failed, .closed, .close),
        (.open, .forceClose, .closed, .close),
        (.closing, .finalResponseQueued, .closing, .none),
        (.closing, .outputDrained(now: 5, linger: 10), .lingering(until: 15), .shutdownWrite),
        (.closing, .peerClosed(owesResponses: true), .closing, .none),
        (.closing, .peerClosed(owesResponses: false), .closing, .none),
        (.closing, .timedOut, .closed, .close),
        (.closing, .lingerExpired(now: 100), .closing, .none),
        (.closing, .failed, .closed, .close),
        (.closing, .forceClose, .closed, .close),
        (.lingering(until: 15), .finalResponseQueued, .lingering(until: 15), .none),
        (.lingering(until: 15), .outputDrained(now: 20, linger: 10), .lingering(until: 15), .none),
        (.lingering(until: 15), .peerClosed(owesResponses: false), .closed, .close),
        (.lingering(until: 15), .timedOut, .closed, .close),
        (.lingering(until: 15), .lingerExpired(now: 14), .lingering(until: 15), .none),
        (.lingering(until: 15), .lingerExpired(now: 15), .closed, .close),
        (.lingering(until: 15), .failed, .closed, .close),
        (.lingering(until: 15), .forceClose, .closed, .close),
        (.closed, .finalResponseQueued, .closed, .none),
        (.closed, .outputDrained(now: 1, linger: 1), .closed, .none),
        (.closed, .peerClosed(owesResponses: false), .closed, .none),
        (.closed, .timedOut, .closed, .none),
        (.closed, .lingerExpired(now: 1), .closed, .none),
        (.closed, .failed, .closed, .none),
        (.closed, .forceClose, .closed, .none),
        (.closed, .protocolSwitched, .closed, .none),
        (.open, .protocolSwitched, .handedOver, .handOver),
        (.closing, .protocolSwitched, .closing, .none),
        (.lingering(until: 15), .protocolSwitched, .lingering(until: 15), .none),
        (.handedOver, .finalResponseQueued, .handedOver, .none),
        (.handedOver, .outputDrained(now: 1, linger: 1), .handedOver, .none),
        (.handedOver, .peerClosed(owesResponses: false), .handedOver, .none),
        (.handedOver, .timedOut, .handedOver, .none),
        (.handedOver, .lingerExpired(now: 1), .handedOver, .none),
        (.handedOver, .failed, .handedOver, .none),
        (.handedOver, .forceClose, .handedOver, .none),
        (.handedOver, .protocolSwitched, .handedOver, .none),
    ]

    @Test(arguments: transitions)
    func transition(_ row: (from: Phase, event: Event, to: Phase, action: Action)) {
        var lifecycle = ConnectionLifecycle(phase: row.from)
        let action = lifecycle.handle(row.event)
        #expect(lifecycle.phase == row.to, "\(row.from) + \(row.event)")
        #expect(action == row.action, "\(row.from) + \(row.event)")
    }

    @Test func aNewConnectionIsOpen() {
        #expect(ConnectionLifecycle().phase == .open)
    }
}
