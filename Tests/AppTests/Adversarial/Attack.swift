import Glibc
import Synchronization
import TestSupport

/// One attack against a running server while a `VictimProbe` of another website measures: the
/// attack's threads run from other loopback addresses until the attack's time is up, and the
/// probe's report comes back for the test to judge.
struct Attack: Sendable {
    /// Threads that attack at once.
    var threads: Int
    /// How long the attack lasts, in milliseconds.
    var milliseconds = 6_000
    /// One attacker's loop: it runs until `running()` says false. Errors the server causes on
    /// purpose (a refused hello, a closed connection) belong to the attack and are the attacker's
    /// to handle; an error thrown out of the loop fails the test.
    var attacker: @Sendable (_ index: Int, _ source: String, _ running: () -> Bool) throws -> Void

    /// Attackers spread over eight loopback addresses: 127.0.0.2 … 127.0.0.9.
    static func source(of index: Int) -> String { "127.0.0.\(2 + index % 8)" }

    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func run(against probe: VictimProbe) throws -> VictimProbe.Report {
        let stop = StopFlag()
        let report = Mutex(VictimProbe.Report())
        let attack = self
        try onThreads(threads + 2) { index in
            switch index {
            case 0:
                let measured = probe.measure(until: stop.flag)
                report.withLock { $0 = measured }
            case 1:
                sleepMilliseconds(attack.milliseconds)
                stop.flag.store(true, ordering: .releasing)
            default:
                let attackerIndex = index - 2
                try attack.attacker(attackerIndex, Self.source(of: attackerIndex)) { !stop.flag.load(ordering: .acquiring) }
            }
        }
        return report.withLock { $0 }
    }
}

final class StopFlag: Sendable {
    let flag = Atomic(false)
}
