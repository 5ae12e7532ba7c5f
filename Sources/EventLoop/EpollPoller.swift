import Threads
import CPlatform
import Glibc

/// `Poller` on Linux epoll, level-triggered: a connection that leaves bytes unread (because its
/// pipeline is full) is told again later instead of being forgotten. End of input is seen as a
/// readable socket whose read returns 0, so `EPOLLRDHUP` is not asked for: level-triggered, it
/// would fire without pause while a half-closed connection still waits for its responses.
public struct EpollPoller: ~Copyable, Poller {
    private let epollFD: Int32
    private let events: UnsafeMutableBufferPointer<epoll_event>

    public init(capacity: Int = 512) throws(SystemError) {
        let fd = epoll_create1(CPLATFORM_EPOLL_CLOEXEC)
        guard fd >= 0 else { throw SystemError("epoll_create1") }
        epollFD = fd
        events = .allocate(capacity: capacity)
    }

    deinit {
        close(epollFD)
        events.deallocate()
    }

    public func register(_ fd: Int32, token: UInt64, interest: PollInterest) throws(SystemError) {
        try control(EPOLL_CTL_ADD, fd, token, interest)
    }

    public func modify(_ fd: Int32, token: UInt64, interest: PollInterest) throws(SystemError) {
        try control(EPOLL_CTL_MOD, fd, token, interest)
    }

    public func unregister(_ fd: Int32) {
        var unused = epoll_event()
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, &unused)
    }

    public func wait(timeoutMilliseconds: Int32, _ handle: (PollEvent) -> Void) throws(SystemError) {
        let count = epoll_wait(epollFD, events.baseAddress, Int32(events.count), timeoutMilliseconds)
        if count < 0 {
            if errno == EINTR { return }
            throw SystemError("epoll_wait")
        }
        let hangupMask = EPOLLHUP.rawValue | EPOLLERR.rawValue
        for index in 0..<Int(count) {
            let event = events[index]
            handle(PollEvent(
                token: event.data.u64,
                readable: event.events & EPOLLIN.rawValue != 0,
                writable: event.events & EPOLLOUT.rawValue != 0,
                hangup: event.events & hangupMask != 0))
        }
    }

    private func control(_ operation: Int32, _ fd: Int32, _ token: UInt64, _ interest: PollInterest) throws(SystemError) {
        var event = epoll_event()
        event.events = 0
        if interest.contains(.readable) { event.events |= EPOLLIN.rawValue }
        if interest.contains(.writable) { event.events |= EPOLLOUT.rawValue }
        if interest.contains(.exclusive) { event.events |= EPOLLEXCLUSIVE.rawValue }
        event.data.u64 = token
        guard epoll_ctl(epollFD, operation, fd, &event) == 0 else { throw SystemError("epoll_ctl") }
    }
}

/// The poller the loops use on this platform.
public typealias PlatformPoller = EpollPoller
