import CPlatform
import Glibc

/// One non-blocking connection of a realtime run, from `connect` to close. Its worker thread owns
/// it alone. It keeps only what must survive between reads: the bytes of an unfinished head or
/// frame, a message being reassembled from fragments, frames the kernel could not take yet,
/// and (for a receiver) which messages arrived.
final class RealtimeConnection {
    enum Role {
        case receiver
        case sender
    }

    enum State {
        case notStarted
        case connecting
        /// The request is out; waiting for the `101`.
        case upgrading
        /// The hello is out; waiting for the welcome.
        case awaitingWelcome
        case ready
        /// Our close frame is out; waiting for the server's answer or its end of the connection.
        case closing
        case closed
    }

    /// The connection's number in the run: receivers first, then senders. Its token is `index % tokens`.
    let index: Int
    /// Its place in the worker's list, given to epoll as the token.
    let slot: Int
    let role: Role
    let chat: Int
    /// The server it connects to, an index into the run's addresses.
    let node: Int
    private(set) var fd: Int32 = -1
    var state = State.notStarted
    var startedAt: UInt64 = 0
    var handshake: ClientHandshake?
    /// Received bytes not yet parsed: the start of a head or frame.
    var unparsed: [UInt8] = []
    /// A fragmented message in progress, with its opcode.
    var fragments: (opcode: ServerFrame.Opcode, bytes: [UInt8])?
    /// Bytes to write, from `outboundOffset`.
    private var outbound: [UInt8] = []
    private var outboundOffset = 0
    /// Whether queued bytes wait for room in the socket.
    private(set) var wantsWritable = false
    /// Whether epoll currently watches the socket for room to write (the worker keeps it in step
    /// with `wantsWritable`).
    var watchesWritable = false
    /// A receiver's record of the messages of its chat.
    var ledger: DeliveryLedger?

    init(index: Int, slot: Int, role: Role, chat: Int, node: Int = 0) {
        self.index = index
        self.slot = slot
        self.role = role
        self.chat = chat
        self.node = node
    }

    var isOpen: Bool { fd >= 0 }
    /// Started and not yet settled: counts against the connect concurrency.
    var isHandshaking: Bool { state == .connecting || state == .upgrading || state == .awaitingWelcome }

    /// Starts a non-blocking connect; nil on success, else the errno.
    func startConnecting(to address: ServerAddress, at now: UInt64) -> Int32? {
        startedAt = now
        let descriptor = socket(address.family, CPLATFORM_SOCK_STREAM | CPLATFORM_SOCK_NONBLOCK | CPLATFORM_SOCK_CLOEXEC, 0)
        guard descriptor >= 0 else { return errno }
        var noDelay: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        guard address.withSocketAddress({ connect(descriptor, $0, $1) }) == 0 || errno == EINPROGRESS else {
            let code = errno
            Glibc.close(descriptor)
            return code
        }
        fd = descriptor
        state = .connecting
        return nil
    }

    /// The error a non-blocking connect ended with (0 when it succeeded).
    func connectResult() -> Int32 {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length) == 0 else { return errno }
        return code
    }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        state = .closed
        unparsed = []
        fragments = nil
        outbound = []
        outboundOffset = 0
        wantsWritable = false
        watchesWritable = false
    }

    /// Queues `bytes` and writes what the socket takes now. Returns the errno of a failed write;
    /// whether the rest waits for room is in `wantsWritable` afterwards.
    func write(_ bytes: [UInt8]) -> Int32? {
        if outboundOffset == outbound.count {
            outbound = bytes
            outboundOffset = 0
        } else {
            outbound.append(contentsOf: bytes)
        }
        return flush()
    }

    /// Writes queued bytes until the queue is empty or the socket is full.
    func flush() -> Int32? {
        while outboundOffset < outbound.count {
            let written = outbound.withUnsafeBytes { buffer in
                send(fd, buffer.baseAddress! + outboundOffset, buffer.count - outboundOffset, CPLATFORM_MSG_NOSIGNAL)
            }
            if written >= 0 {
                outboundOffset += written
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK:
                wantsWritable = true
                return nil
            default: return errno
            }
        }
        outbound.removeAll(keepingCapacity: outbound.count <= 4096)
        outboundOffset = 0
        wantsWritable = false
        return nil
    }
}
