import Testing
@testable import WebSocket

/// Every transition of the WebSocket connection lifecycle, one row each.
@Suite struct WebSocketLifecycleTests {
    typealias Phase = WebSocketLifecycle.Phase
    typealias Event = WebSocketLifecycle.Event
    typealias Action = WebSocketLifecycle.Action

    static let events: [Event] = [
        .closeRequested(now: 10, timeout: 5), .failed(now: 10, timeout: 5), .peerSentClose(now: 10, timeout: 5),
        .outputDrained, .tick(now: 14), .tick(now: 15), .transportLost, .forceClose,
    ]

    static let transitions: [(from: Phase, event: Event, to: Phase, action: Action)] = [
        (.open, .closeRequested(now: 10, timeout: 5), .closeSent(until: 15), .sendClose),
        (.open, .failed(now: 10, timeout: 5), .finishing(until: 15), .sendClose),
        (.open, .peerSentClose(now: 10, timeout: 5), .finishing(until: 15), .sendClose),
        (.open, .outputDrained, .open, .none),
        (.open, .tick(now: 14), .open, .none),
        (.open, .tick(now: 15), .open, .none),
        (.open, .transportLost, .closed, .release),
        (.open, .forceClose, .closed, .release),
        (.closeSent(until: 15), .closeRequested(now: 10, timeout: 5), .closeSent(until: 15), .none),
        (.closeSent(until: 15), .failed(now: 10, timeout: 5), .finishing(until: 15), .none),
        (.closeSent(until: 15), .peerSentClose(now: 10, timeout: 5), .finishing(until: 15), .none),
        (.closeSent(until: 15), .outputDrained, .closeSent(until: 15), .none),
        (.closeSent(until: 15), .tick(now: 14), .closeSent(until: 15), .none),
        (.closeSent(until: 15), .tick(now: 15), .closed, .release),
        (.closeSent(until: 15), .transportLost, .closed, .release),
        (.closeSent(until: 15), .forceClose, .closed, .release),
        (.finishing(until: 15), .closeRequested(now: 10, timeout: 5), .finishing(until: 15), .none),
        (.finishing(until: 15), .failed(now: 10, timeout: 5), .finishing(until: 15), .none),
        (.finishing(until: 15), .peerSentClose(now: 10, timeout: 5), .finishing(until: 15), .none),
        (.finishing(until: 15), .outputDrained, .closed, .release),
        (.finishing(until: 15), .tick(now: 14), .finishing(until: 15), .none),
        (.finishing(until: 15), .tick(now: 15), .closed, .release),
        (.finishing(until: 15), .transportLost, .closed, .release),
        (.finishing(until: 15), .forceClose, .closed, .release),
    ] + events.map { (.closed, $0, .closed, .none) }

    @Test(arguments: transitions)
    func transition(_ row: (from: Phase, event: Event, to: Phase, action: Action)) {
        var lifecycle = WebSocketLifecycle(phase: row.from)
        let action = lifecycle.handle(row.event)
        #expect(lifecycle.phase == row.to, "\(row.from) + \(row.event)")
        #expect(action == row.action, "\(row.from) + \(row.event)")
    }

    @Test func everyPhaseAndEventHasARow() {
        let phases: [Phase] = [.open, .closeSent(until: 15), .finishing(until: 15), .closed]
        for phase in phases {
            for event in Self.events {
                #expect(Self.transitions.contains { $0.from == phase && $0.event == event }, "\(phase) + \(event)")
            }
        }
    }
}
