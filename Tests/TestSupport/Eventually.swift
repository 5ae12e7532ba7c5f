import Glibc

/// Waits for something that happens at a moment the test cannot know (a read mark the page
/// sent, a website another node learns of): the test asks again every 100 ms until it holds, and
/// fails after `timeoutSeconds` — a bound for a hung test, not a measurement.
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
