/// The life of one WebSocket connection as a single value, so that every transition of the close
/// handshake (RFC 6455 §7) is written once and tested on its own.
///
/// ```
/// open ──closeRequested──▶ closeSent ──peerSentClose──▶ finishing ──outputDrained──▶ closed
///   │                          └──failed──────────────────▲   ▲
///   ├──peerSentClose, failed ─────────────────────────────────┘
///   └──transportLost, forceClose, a deadline in closeSent or finishing ─────────────▶ closed
/// ```
/// The server closes the TCP connection once both close frames have crossed (or it gave up
/// waiting), as RFC 6455 §7.1.1 asks of servers.
struct WebSocketLifecycle: Equatable {
    enum Phase: Equatable {
        /// Messages flow both ways.
        case open
        /// We sent a close frame and wait for the peer's until the deadline, ignoring messages.
        case closeSent(until: UInt64)
        /// Our last frame (a close) is queued: nothing more is read or sent; the socket closes
        /// once it is written, or at the deadline if the peer does not read.
        case finishing(until: UInt64)
        case closed
    }

    enum Event: Equatable {
        /// We start a clean close (the application, a server shutdown).
        case closeRequested(now: UInt64, timeout: UInt64)
        /// The peer broke the protocol or cannot keep up: our close frame carries the reason and
        /// no answer is awaited.
        case failed(now: UInt64, timeout: UInt64)
        /// The peer's close frame arrived.
        case peerSentClose(now: UInt64, timeout: UInt64)
        /// Everything queued has been written.
        case outputDrained
        case tick(now: UInt64)
        /// End of stream, a reset, a failed write, or a peer that stopped answering pings.
        case transportLost
        case forceClose
    }

    enum Action: Equatable {
        case none
        /// Queue a close frame.
        case sendClose
        /// Close the socket and forget the connection.
        case release
    }

    private(set) var phase: Phase = .open

    init(phase: Phase = .open) {
        self.phase = phase
    }

    var isOpen: Bool { phase == .open }

    mutating func handle(_ event: Event) -> Action {
        switch (phase, event) {
        case (.closed, _):
            return .none
        case (_, .transportLost), (_, .forceClose):
            phase = .closed
            return .release
        case (.open, .closeRequested(let now, let timeout)):
            phase = .closeSent(until: now &+ timeout)
            return .sendClose
        case (.open, .failed(let now, let timeout)), (.open, .peerSentClose(let now, let timeout)):
            phase = .finishing(until: now &+ timeout)
            return .sendClose
        case (.closeSent, .peerSentClose(let now, let timeout)), (.closeSent, .failed(let now, let timeout)):
            phase = .finishing(until: now &+ timeout)
            return .none
        case (.finishing, .outputDrained):
            phase = .closed
            return .release
        case (.closeSent(let until), .tick(let now)), (.finishing(let until), .tick(let now)):
            guard now >= until else { return .none }
            phase = .closed
            return .release
        case (.open, .outputDrained), (.open, .tick), (.closeSent, .outputDrained), (.closeSent, .closeRequested),
             (.finishing, .closeRequested), (.finishing, .failed), (.finishing, .peerSentClose):
            return .none
        }
    }
}
