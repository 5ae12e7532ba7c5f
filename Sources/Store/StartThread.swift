import Threads

/// Starts one of the store's threads (writer or reader); they block on SQLite and on their queues,
/// so they must not be Swift's pool threads. Detached: the store announces their end itself.
func startThread(name: String, _ body: sending @escaping () -> Void) throws(StoreError) {
    do {
        try PlatformThread.detach(name: name, body)
    } catch {
        throw .threadStartFailed(errno: error.code)
    }
}
