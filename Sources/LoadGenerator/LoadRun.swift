import Clock
import Glibc
import Synchronization
import Threads

/// A closed-loop load: `connections` keep-alive connections, each on its own thread, each sending
/// its next request as soon as the previous response arrived. After `warmupSeconds` (not
/// measured), every response completed in the next `durationSeconds` is counted and timed.
///
/// With several servers (the nodes of one cluster), connection `i` talks to server `i % count`,
/// so the clients are spread round-robin and every node serves its share.
public struct LoadRun: Sendable {
    /// The servers in the order given; never empty.
    public let addresses: [ServerAddress]
    public let connections: Int
    public let warmupSeconds: Double
    public let durationSeconds: Double

    /// At most this many connections: each is a thread of the load generator.
    public static let maxConnections = 4096

    public init(address: ServerAddress, connections: Int, warmupSeconds: Double, durationSeconds: Double) throws(LoadRunError) {
        try self.init(addresses: [address], connections: connections, warmupSeconds: warmupSeconds, durationSeconds: durationSeconds)
    }

    public init(addresses: [ServerAddress], connections: Int, warmupSeconds: Double, durationSeconds: Double) throws(LoadRunError) {
        guard !addresses.isEmpty else { throw .invalidSettings("at least one server is needed.") }
        guard (1...Self.maxConnections).contains(connections) else {
            throw .invalidSettings("connections must be from 1 to \(Self.maxConnections).")
        }
        guard warmupSeconds.isFinite, (0...86_400).contains(warmupSeconds) else {
            throw .invalidSettings("the warm-up must be from 0 to 86400 seconds.")
        }
        guard LoadDuration.isValid(durationSeconds) else { throw .invalidSettings(LoadDuration.rule) }
        self.addresses = addresses
        self.connections = connections
        self.warmupSeconds = warmupSeconds
        self.durationSeconds = durationSeconds
    }

    /// The first server: the only one of a single-server run.
    public var address: ServerAddress { addresses[0] }

    /// The server connection `index` talks to.
    func address(ofConnection index: Int) -> ServerAddress { addresses[index % addresses.count] }

    /// "16 connections, 10 s measured after 2 s warm-up" ("64 connections over 3 servers, …")
    public var summary: String {
        let spread = addresses.count > 1 ? " over \(addresses.count) servers" : ""
        return "\(connections) connection\(connections == 1 ? "" : "s")\(spread), \(Self.seconds(durationSeconds)) s measured after "
            + "\(Self.seconds(warmupSeconds)) s warm-up"
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// Runs the load on threads of its own: the calling task waits without blocking a thread of
    /// Swift's cooperative pool (which an in-process server under test needs).
    public func run(_ scenario: some Scenario) async throws -> LoadReport {
        try await withCheckedThrowingContinuation { continuation in
            do {
                try PlatformThread.detach(name: "bench-run") {
                    continuation.resume(with: Result { try self.runBlocking(scenario) })
                }
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }

    private func runBlocking(_ scenario: some Scenario) throws -> LoadReport {
        let gate = StartGate()
        let outcomes = Outcomes()
        var threads: [PlatformThread] = []
        do {
            for index in 0..<connections {
                threads.append(try PlatformThread(name: "bench-conn-\(index)") {
                    let outcome = self.drive(connection: index, scenario, gate)
                    outcomes.byConnection.withLock { $0[index] = outcome }
                })
            }
        } catch {
            gate.callOff()
            threads.forEach { $0.join() }
            throw error
        }
        if gate.waitForArrivals(connections) {
            gate.open(at: MonotonicClock.nanoseconds())
        } else {
            gate.callOff()
        }
        threads.forEach { $0.join() }
        var tally = ConnectionTally()
        for index in 0..<connections {
            guard let outcome = outcomes.byConnection.withLock({ $0[index] }) else { continue }
            let connectionTally = try outcome.get()
            tally.latency.merge(connectionTally.latency)
            for (status, count) in connectionTally.statuses.enumerated() where count > 0 { tally.statuses[status] += count }
            tally.errors.merge(connectionTally.errors, uniquingKeysWith: +)
        }
        return LoadReport(run: self, scenario: scenario, tally: tally)
    }

    /// One connection's life: set up, wait at the gate, then request after request until the end.
    private func drive(connection index: Int, _ scenario: some Scenario, _ gate: StartGate) -> Result<ConnectionTally, LoadRunError> {
        let client = ClientConnection(address: address(ofConnection: index))
        let nextRequest: () -> [UInt8]
        do {
            nextRequest = try scenario.prepare(connection: index, over: client)
        } catch {
            _ = gate.arrive(prepared: false)
            return .failure(.setupFailed(connection: index, reason: "\(error)"))
        }
        var tally = ConnectionTally()
        guard let start = gate.arrive(prepared: true) else { return .success(tally) }
        let measuredFrom = start + MonotonicClock.nanoseconds(warmupSeconds)
        let measuredUntil = measuredFrom + MonotonicClock.nanoseconds(durationSeconds)
        while true {
            let request = nextRequest()
            let sentAt = MonotonicClock.nanoseconds()
            do {
                let response = try client.exchange(request, keepingBody: false)
                let receivedAt = MonotonicClock.nanoseconds()
                guard receivedAt < measuredUntil else { break }
                if receivedAt >= measuredFrom { tally.record(status: response.status, nanoseconds: receivedAt - sentAt) }
            } catch {
                let failedAt = MonotonicClock.nanoseconds()
                guard failedAt < measuredUntil else { break }
                if failedAt >= measuredFrom { tally.record(error) }
                // Nothing listens: pause instead of spinning on refused connections.
                if case .connect = error { usleep(10_000) }
            }
        }
        return .success(tally)
    }
}

/// What each connection's thread hands back when it ends.
private final class Outcomes: Sendable {
    let byConnection = Mutex<[Int: Result<ConnectionTally, LoadRunError>]>([:])
}

/// Why a run could not be made or measured.
public enum LoadRunError: Error, Sendable, CustomStringConvertible {
    case invalidSettings(String)
    /// A connection's setup failed, so nothing was measured.
    case setupFailed(connection: Int, reason: String)

    public var description: String {
        switch self {
        case .invalidSettings(let reason): "Invalid load settings: \(reason)"
        case .setupFailed(let connection, let reason): "Connection \(connection) could not be set up: \(reason)"
        }
    }
}
