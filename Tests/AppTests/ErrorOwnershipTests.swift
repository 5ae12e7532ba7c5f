@testable import App
import Chat
import Store
import Testing
import TestSupport

/// Errors own their HTTP status, and the rate limiter's table does not cost O(n) per call
/// (issue 13, point 11).
@Suite("Error ownership and limiter upkeep")
struct ErrorOwnershipTests {
    @Test func aClosedStoreIsA503NotALogged500() async throws {
        try await withServer(configure: { $0.loopCount = 1 }) { app, server in
            let agent = try await onThread { app.caller(try app.createWebsite(), role: "agent", sub: "a1") }
            // The store closes (as in a shutdown) while the HTTP server still answers.
            await server.store.close()
            let answers = try await onThread {
                [try agent.call("GET", "/api/v1/chats"), try agent.call("POST", "/api/v1/chats", json: "{}")]
            }
            for answer in answers {
                #expect(answer.status == 503)
                #expect(answer.errorCode == "unavailable")
            }
        }
    }

    @Test func everyDomainErrorAnswersWithItsOwnStatus() {
        #expect(APIError(answering: StoreError.closed).status == .serviceUnavailable)
        #expect(APIError(answering: StoreError.unavailable("lost")) == .unavailable)
        #expect(APIError(answering: StoreError.rolledBackWithBatch) == .internalError)
        #expect(APIError(answering: ChatError.notFound).status == .notFound)
        #expect(APIError(answering: ChatError.forbidden("no")).status == .forbidden)
        #expect(APIError(answering: APIError.rateLimited(retryAfter: 3)).retryAfter == 3)
        #expect(APIError(answering: CancellationError()) == .internalError)
    }

    @Test func aBurstPassesThenTheWaitIsSaidInWholeSeconds() {
        // One token a hundred seconds: nothing refills within the test, however slow the machine.
        let limiter = RateLimiter(ratePerSecond: 0.01, burst: 3)
        #expect((0..<3).map { _ in limiter.acquire("agent") } == [nil, nil, nil])
        let wait = limiter.acquire("agent")
        #expect(wait.map { $0 >= 1 && $0 <= 100 } == true)
        #expect(limiter.acquire("another agent") == nil, "each key has its own bucket")
    }

    @Test func manyActiveKeysDoNotMakeEveryCallAPassOverTheTable() {
        // Nothing refills within the test: every bucket stays active, none can be forgotten.
        let limiter = RateLimiter(ratePerSecond: 1e-9, burst: 2)
        for index in 0..<50_000 { _ = limiter.acquire("client-\(index)") }
        let (keys, prunes) = limiter.statistics
        #expect(keys == 50_000)
        // Passes at 10,000, 20,000 and 40,000 keys; one per call past 10,000 was 40,001.
        #expect(prunes == 3)
    }

    @Test func fullBucketsAreStillForgotten() {
        // Refilled at once: every bucket is full again by the next call.
        let limiter = RateLimiter(ratePerSecond: 1e12, burst: 2)
        for index in 0..<50_000 { _ = limiter.acquire("client-\(index)") }
        #expect(limiter.statistics.keys < RateLimiter.pruneThreshold)
    }
}
