/// The life of one HTTP connection as a single value. Every change goes through `handle(_:)`, one
/// switch over (phase, event), so each transition is written once and tested on its own.
///
/// ```
/// open ──finalResponseQueued──▶ closing ──outputDrained──▶ lingering ──peerClosed/lingerExpired──▶ closed
///   │                              │                           │
///   ├──peerClosed (nothing owed), idleTimeout, failure, forceClose ─────────────────────────────▶ closed
///   └──protocolSwitched ──▶ handedOver (another handler owns the socket now)
/// ```
struct ConnectionLifecycle: Equatable {
    enum Phase: Equatable {
        /// Reading requests and answering them.
        case open
        /// The last response is queued (error, `Connection: close`, shutdown, or the peer stopped
        /// sending): no more requests are read; close once the queue is written.
        case closing
        /// Write side shut after the last response; reading and discarding until the peer closes or
        /// the deadline passes, so the client reads the response instead of a reset.
        case lingering(until: UInt64)
        case closed
        /// A `101` answer was queued and another protocol took the socket over; this
        /// connection must not touch it again, nor close it.
        case handedOver
    }

    enum Event: Equatable {
        /// A response that ends the connection was queued.
        case finalResponseQueued
        /// Every response owed has been written.
        case outputDrained(now: UInt64, linger: UInt64)
        /// The peer sent FIN; `owesResponses` when requests are still being answered.
        case peerClosed(owesResponses: Bool)
        /// The connection sat idle past its keep-alive timeout, or a write stalled.
        case timedOut
        case lingerExpired(now: UInt64)
        /// A read or write failed (reset by peer, broken pipe).
        case failed
        case forceClose
        /// The `101` of an upgrade is queued, after every earlier response.
        case protocolSwitched
    }

    enum Action: Equatable {
        case none
        /// Stop reading requests; the last response is on its way.
        case stopReading
        /// Send FIN and keep reading to discard.
        case shutdownWrite
        /// Release the descriptor.
        case close
        /// Give the descriptor and its registration to the new protocol's handler.
        case handOver
    }

    private(set) var phase: Phase

    init(phase: Phase = .open) {
        self.phase = phase
    }

    mutating func handle(_ event: Event) -> Action {
        switch (phase, event) {
        case (.closed, _), (.handedOver, _):
            return .none
        case (.open, .protocolSwitched):
            phase = .handedOver
            return .handOver
        case (.closing, .protocolSwitched), (.lingering, .protocolSwitched):
            return .none
        case (_, .failed), (_, .forceClose), (.open, .timedOut), (.closing, .timedOut):
            phase = .closed
            return .close
        case (.open, .finalResponseQueued):
            phase = .closing
            return .stopReading
        case (.open, .peerClosed(let owesResponses)):
            if owesResponses {
                phase = .closing
                return .stopReading
            }
            phase = .closed
            return .close
        case (.closing, .outputDrained(let now, let linger)):
            phase = .lingering(until: now + linger)
            return .shutdownWrite
        case (.closing, .peerClosed), (.closing, .finalResponseQueued), (.open, .outputDrained):
            return .none
        case (.lingering, .peerClosed), (.lingering, .timedOut):
            phase = .closed
            return .close
        case (.lingering(let until), .lingerExpired(let now)):
            guard now >= until else { return .none }
            phase = .closed
            return .close
        case (.lingering, .finalResponseQueued), (.lingering, .outputDrained), (.open, .lingerExpired), (.closing, .lingerExpired):
            return .none
        }
    }
}
