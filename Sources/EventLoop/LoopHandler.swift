/// Identifies a registered descriptor on one loop. The generation makes a stale id (whose fd
/// number was closed and reused by a newer connection) miss instead of reaching the newcomer.
public struct HandlerID: Hashable, Sendable {
    public let fd: Int32
    public let generation: UInt32

    var token: UInt64 { UInt64(UInt32(bitPattern: fd)) | UInt64(generation) << 32 }

    init(fd: Int32, generation: UInt32) {
        self.fd = fd
        self.generation = generation
    }

    init(token: UInt64) {
        fd = Int32(bitPattern: UInt32(truncatingIfNeeded: token))
        generation = UInt32(truncatingIfNeeded: token >> 32)
    }
}

/// Something that owns a descriptor on a loop: a listener or a connection. It is called only on
/// its loop's thread, so its state needs no lock.
public protocol LoopHandler: AnyObject {
    func handle(_ event: PollEvent, on loop: LoopContext)
    /// Called about once a second, so that handlers enforce their own deadlines.
    func tick(on loop: LoopContext)
    /// The process is stopping: finish what is in flight, then remove yourself.
    func beginShutdown(on loop: LoopContext)
    /// The grace period is over: release everything now.
    func forceClose(on loop: LoopContext)
}
