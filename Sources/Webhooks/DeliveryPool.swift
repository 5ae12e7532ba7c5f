import Clock
import Logging
import OutboundHTTP
import Threads

/// A few threads that make the HTTP requests of deliveries, each blocking on one receiver at a
/// time within the attempt's time limit: outbound calls never run on the event loops that serve
/// users, nor on Swift's cooperative pool. The queue holds at most one job per webhook (the
/// dispatcher sends a webhook's next event only after the answer to the last), so it is bounded by
/// the number of webhooks the node delivers.
final class DeliveryPool: Sendable {
    struct Job: Sendable {
        let webhookID: String
        let url: OutboundURL
        let key: [UInt8]
        let payload: WebhookPayload
        /// An idle keep-alive connection to the same receiver, from the webhook's last delivery.
        let connection: OutboundConnection?
    }

    struct Outcome: Sendable {
        let webhookID: String
        let eventID: String
        let status: Int?
        let error: OutboundError?
        /// The connection, when the receiver keeps it open for the next delivery.
        let connection: OutboundConnection?
    }

    private struct Queue {
        var jobs: [Job] = []
        var stopping = false
    }

    private let queue: ConditionLock<Queue>
    private let threads: [PlatformThread]

    init(threads count: Int, client: HTTPClient, finished: @escaping @Sendable (Outcome) -> Void) throws {
        let queue = ConditionLock(Queue())
        self.queue = queue
        var threads: [PlatformThread] = []
        for index in 0..<max(1, count) {
            threads.append(try PlatformThread(name: "webchat-webhook-\(index)") {
                while let job = queue.wait(until: { state -> Job?? in
                    if state.stopping { return .some(nil) }
                    return state.jobs.isEmpty ? nil : .some(state.jobs.removeFirst())
                }) {
                    finished(Self.deliver(job, client))
                }
            })
        }
        self.threads = threads
    }

    deinit {
        queue.update(wakeAll: true) { $0.stopping = true }
    }

    func submit(_ job: Job) {
        queue.update { $0.jobs.append(job) }
    }

    /// Stops taking jobs and waits for the requests in flight (each ends within its time limit).
    func stop() {
        queue.update(wakeAll: true) { $0.stopping = true }
        for thread in threads { thread.join() }
    }

    private static func deliver(_ job: Job, _ client: HTTPClient) -> Outcome {
        let headers = job.payload.headers(key: job.key, timestamp: Timestamp.now().milliseconds / 1000)
        do throws(OutboundError) {
            let answer = try client.post(job.url, headers: headers, body: job.payload.body, reusing: job.connection)
            return Outcome(webhookID: job.webhookID, eventID: job.payload.eventID, status: answer.status, error: nil,
                           connection: answer.connection)
        } catch {
            return Outcome(webhookID: job.webhookID, eventID: job.payload.eventID, status: nil, error: error, connection: nil)
        }
    }
}
