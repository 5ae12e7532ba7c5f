import Threads

/// What a file descriptor is watched for.
public struct PollInterest: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let readable = PollInterest(rawValue: 1)
    public static let writable = PollInterest(rawValue: 2)
    /// For a descriptor watched by several loops (a shared listening socket): wake only one of
    /// them per event instead of all (`EPOLLEXCLUSIVE`). Only at registration.
    public static let exclusive = PollInterest(rawValue: 4)
}

/// One readiness notification: the token given at registration and what became ready.
public struct PollEvent: Sendable {
    public var token: UInt64
    public var readable: Bool
    public var writable: Bool
    /// The peer hung up or the socket has an error; reading will tell which.
    public var hangup: Bool
}

/// The operating system's readiness API, kept behind one small protocol so that the loop
/// reads the same on any platform and the platform code stays in one file.
public protocol Poller: ~Copyable {
    func register(_ fd: Int32, token: UInt64, interest: PollInterest) throws(SystemError)
    func modify(_ fd: Int32, token: UInt64, interest: PollInterest) throws(SystemError)
    func unregister(_ fd: Int32)
    /// Waits up to `timeoutMilliseconds` (-1: forever) and calls `handle` for every ready descriptor.
    func wait(timeoutMilliseconds: Int32, _ handle: (PollEvent) -> Void) throws(SystemError)
}
