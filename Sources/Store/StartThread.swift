import Threads

/// Starts one of the store's threads (readers, checkpointer, writer); they block on SQLite and on
/// their queues, so they must not be Swift's pool threads. The store joins each of them when it
/// closes, so that "closed" means its threads are gone.
package func startThread(name: String, _ body: sending @escaping () -> Void) throws(StoreError) -> PlatformThread {
    do {
        return try PlatformThread(name: name, body)
    } catch {
        throw .threadStartFailed(errno: error.code)
    }
}

/// Starts a thread nobody joins: the one that waits for the writer's end and reports it.
package func startDetachedThread(name: String, _ body: sending @escaping () -> Void) throws(StoreError) {
    do {
        try PlatformThread.detach(name: name, body)
    } catch {
        throw .threadStartFailed(errno: error.code)
    }
}
