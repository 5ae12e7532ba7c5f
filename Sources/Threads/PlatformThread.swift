import CPlatform
import Glibc

/// A POSIX thread running a Swift closure. Event loops and the store's workers need real threads
/// of their own: they block (in epoll, in SQLite), which must never happen on Swift's few
/// cooperative pool threads.
public final class PlatformThread: Sendable {
    private let thread: pthread_t

    private final class Box {
        let name: String
        let body: () -> Void

        init(_ name: String, _ body: @escaping () -> Void) {
            self.name = name
            self.body = body
        }
    }

    /// `body` is `sending`: whatever it captures (an event loop's confined state) moves to the new
    /// thread and is used by no one else.
    /// `name` (at most 15 bytes are kept) shows in `top -H`, `perf` and debuggers.
    public init(name: String, _ body: sending @escaping () -> Void) throws(SystemError) {
        let box = Unmanaged.passRetained(Box(name, body)).toOpaque()
        var handle = pthread_t()
        let result = pthread_create(&handle, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.name.withCString { cplatform_set_thread_name($0) }
            box.body()
            return nil
        }, box)
        guard result == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            throw SystemError("pthread_create", code: result)
        }
        thread = handle
    }

    public func join() {
        pthread_join(thread, nil)
    }

    /// Runs blocking `body` (opening a database, joining threads, waiting on a pipe) on a thread of
    /// its own and awaits its result: the awaiting task gives its pool thread back meanwhile, so
    /// Swift's few cooperative threads are never the ones that block. Throws `SystemError` when
    /// no thread can be started, or what `body` throws.
    public static func run<Value: Sendable>(name: String, _ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            do {
                try detach(name: name) { continuation.resume(with: Result { try body() }) }
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }

    /// Runs `body` on a new thread that nobody joins; it releases its resources when it ends.
    public static func detach(name: String, _ body: sending @escaping () -> Void) throws(SystemError) {
        pthread_detach(try PlatformThread(name: name, body).thread)
    }
}
