import Glibc

/// Waits for something that happens at a moment the test cannot know (the server saw what a page
/// did, another node learnt of a change, a database came back): asks every 100 ms until
/// `condition` holds, and throws when it still does not after `timeoutSeconds`, a deadline far
/// beyond what the wait should take, so that only a condition that never comes true fails.
@available(*, noasync, message: "blocks its thread: call it inside onThread")
public func eventually(_ what: String, timeoutSeconds: Int = 30, _ condition: () throws -> Bool) throws {
    let deadline = ContinuousClock.now + .seconds(timeoutSeconds)
    while try !condition() {
        guard ContinuousClock.now < deadline else {
            throw RawClient.Failure(description: "waited \(timeoutSeconds) s for \(what)")
        }
        usleep(100_000)
    }
}
