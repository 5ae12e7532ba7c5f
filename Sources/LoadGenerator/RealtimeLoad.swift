import Clock
import Glibc
import Threads

/// A realtime load against contract §5's WebSocket: `webchat bench`'s fan-out, rooms and idle
/// scenarios, measured as the benchmark's wsbench measures them (deliveries per second from the
/// first send to the last delivery, send → receive latency from a timestamp in each message's
/// text, every delivery checked off once per receiver).
///
/// The connections run on a few epoll threads (`RealtimeLoadOptions.threads`), non-blocking,
/// so that ten thousand idle connections cost no threads and one core reads hundreds of
/// thousands of events a second. The caller prepares the server (website, chats, tokens) and
/// passes the tokens and chat ids in.
///
/// Several servers (the nodes of one cluster sharing a database) spread the connections
/// round-robin: receiver `i` connects to server `i % count`, sender `j` to server `j % count`, so
/// one sender sends through the first node while the receivers sit on every node, and the report
/// times the deliveries that crossed from one node to another on their own.
public struct RealtimeLoad: Sendable {
    /// The servers in the order given; never empty.
    public let addresses: [ServerAddress]
    public let scenario: RealtimeScenario
    public let credentials: RealtimeCredentials
    public let options: RealtimeLoadOptions
    let plan: RealtimePlan

    /// At most this many connections in one run.
    public static let maximumConnections = 100_000

    public init(address: ServerAddress, scenario: RealtimeScenario, credentials: RealtimeCredentials,
                options: RealtimeLoadOptions = RealtimeLoadOptions()) throws(RealtimeLoadError) {
        try self.init(addresses: [address], scenario: scenario, credentials: credentials, options: options)
    }

    public init(addresses: [ServerAddress], scenario: RealtimeScenario, credentials: RealtimeCredentials,
                options: RealtimeLoadOptions = RealtimeLoadOptions()) throws(RealtimeLoadError) {
        guard !addresses.isEmpty else { throw .invalidSettings("at least one server is needed.") }
        let plan = try RealtimePlan(scenario)
        guard (1...64).contains(options.threads) else { throw .invalidSettings("threads must be from 1 to 64.") }
        guard (0...1_000_000).contains(options.payloadBytes) else {
            throw .invalidSettings("the payload size must be from 0 to 1000000 bytes.")
        }
        guard options.connectConcurrency >= 1 else { throw .invalidSettings("the connect concurrency must be at least 1.") }
        for (name, seconds) in [("connect timeout", options.connectTimeoutSeconds), ("drain timeout", options.drainTimeoutSeconds),
                                ("close timeout", options.closeTimeoutSeconds)] {
            guard seconds.isFinite, (0...86_400).contains(seconds) else {
                throw .invalidSettings("the \(name) must be from 0 to 86400 seconds.")
            }
        }
        guard credentials.chatIDs.count >= plan.chats else {
            throw .invalidCredentials("the scenario needs \(plan.chats) chat ids, got \(credentials.chatIDs.count)")
        }
        do {
            for address in addresses {
                _ = try ClientHandshake(path: options.path, authority: address.authority,
                                        headers: options.origin.map { [(name: "Origin", value: $0)] } ?? [])
            }
        } catch {
            throw .invalidSettings(error.description)
        }
        self.addresses = addresses
        self.scenario = scenario
        self.credentials = credentials
        self.options = options
        self.plan = plan
    }

    /// The first server: the only one of a single-server run.
    public var address: ServerAddress { addresses[0] }

    /// Runs the load on threads of its own (the calling task waits without blocking a thread of
    /// Swift's cooperative pool, which an in-process server under test needs). `onPhase` is
    /// called while every connection stands still between phases — the moment to read the
    /// server's memory for the idle scenario.
    public func run(onPhase: @escaping @Sendable (RealtimePhase) -> Void = { _ in }) async throws(RealtimeLoadError) -> RealtimeReport {
        let result: Result<RealtimeReport, RealtimeLoadError> = await withCheckedContinuation { continuation in
            do {
                try PlatformThread.detach(name: "bench-realtime") {
                    continuation.resume(returning: Result { () throws(RealtimeLoadError) in try self.runBlocking(onPhase) })
                }
            } catch {
                continuation.resume(returning: .failure(.system("\(error)")))
            }
        }
        return try result.get()
    }

    /// The coordinator: starts the workers, then meets them at each barrier (see
    /// `RealtimeWorker.runPhases`) to set the next phase up.
    private func runBlocking(_ onPhase: @Sendable (RealtimePhase) -> Void) throws(RealtimeLoadError) -> RealtimeReport {
        Self.raiseFileLimit(to: plan.connections + 64)
        let run = RealtimeRun(plan: plan, addresses: addresses, credentials: credentials, options: options)
        var threads: [PlatformThread] = []
        var failure: RealtimeLoadError?
        for id in 0..<options.threads {
            do {
                let worker = try RealtimeWorker(id: id, run: run)
                threads.append(try PlatformThread(name: "bench-ws-\(id)") {
                    let tally = worker.runPhases()
                    run.tallies.withLock { $0.append(tally) }
                })
            } catch {
                failure = .system(error.description)
                break
            }
        }
        if let failure {
            run.aborted.store(true, ordering: .relaxed)
            run.barrier.arriveAndWait(weight: 1 + options.threads - threads.count)
            threads.forEach { $0.join() }
            throw failure
        }
        let connectStart = MonotonicClock.nanoseconds()
        run.barrier.arriveAndWait() // 0: every thread started
        run.barrier.arriveAndWait() // 1: everyone connected
        let connectSeconds = Double(MonotonicClock.nanoseconds() - connectStart) / 1e9
        onPhase(.connected(ready: run.readyConnections.load(ordering: .relaxed), attempted: plan.connections))
        let now = MonotonicClock.nanoseconds()
        run.holdEnd.store(now + plan.holdNanoseconds, ordering: .relaxed)
        // A common start a little ahead, so every thread's first message is due at the same instant.
        run.sendStart.store(now + 20_000_000, ordering: .relaxed)
        run.barrier.arriveAndWait() // 2: the hold's end and the send start are set
        run.barrier.arriveAndWait() // 3: the hold is over
        if plan.holdNanoseconds > 0 { onPhase(.holdEnded(open: run.openAtHoldEnd.load(ordering: .relaxed))) }
        run.barrier.arriveAndWait() // 4: everything sent and received
        threads.forEach { $0.join() }
        var total = RealtimeTally(chats: plan.chats)
        for tally in run.tallies.withLock({ $0 }) { total.merge(tally) }
        return RealtimeReport(scenario: scenario, plan: plan, options: options, servers: addresses.count, tally: total,
                              connectSeconds: connectSeconds)
    }

    /// Each connection is a descriptor: lift the soft limit as far as the hard one allows.
    private static func raiseFileLimit(to needed: Int) {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur < rlim_t(needed) else { return }
        limit.rlim_cur = min(limit.rlim_max, rlim_t(needed))
        setrlimit(resource, &limit)
    }
}

/// Where a realtime run stands, for a caller that measures the server in between.
public enum RealtimePhase: Sendable, Equatable {
    /// Every connection is welcomed, failed, or timed out; nothing has been sent yet.
    case connected(ready: Int, attempted: Int)
    /// An idle run's hold is over; the connections are still open.
    case holdEnded(open: Int)
}
