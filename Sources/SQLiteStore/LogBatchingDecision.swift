import Store
import CSQLite
import Synchronization

/// Whether connections write the log through `BatchedLogWrites` or straight through the default
/// VFS: decided once, by `LogWritePatternProbe`, the first time a store opens.
///
/// The linked SQLite cannot change while the process runs, so one check answers for every store
/// it opens, and a fallback is announced once rather than at each open. Stores opening at the
/// same time wait for the one check. `shared` serves every store; tests give a store a decision
/// of their own, with a probe that reports what they need.
final class LogBatchingDecision: Sendable {
    /// Takes the data directory (the scratch database goes inside it) and the store's
    /// configuration; returns nil when batching is safe, else why not.
    typealias Probe = @Sendable (_ directory: String, _ configuration: StoreConfiguration) -> String?

    static let shared = LogBatchingDecision(probe: LogWritePatternProbe.run)

    private enum Verdict {
        case batched
        case unbatched
    }

    private let probe: Probe
    private let verdict = Mutex<Verdict?>(nil)

    init(probe: @escaping Probe) {
        self.probe = probe
    }

    /// The VFS to open `configuration`'s connections with: the batching one, or nil (SQLite's
    /// default) when the check found SQLite writing its log otherwise. The check runs, and a
    /// fallback is logged to `configuration.logger`, on the first call only.
    func vfsName(for configuration: StoreConfiguration) -> String? {
        verdict.withLock { verdict in
            if verdict == nil {
                if let reason = probe(configuration.directory, configuration) {
                    configuration.logger.warning(
                        "log batching is off: the linked SQLite failed the check of how it writes its log; connections use the default VFS and sends will be slower",
                        ["reason": reason, "sqlite": String(cString: sqlite3_libversion())])
                    verdict = .unbatched
                } else {
                    verdict = .batched
                }
            }
            return verdict == .batched ? BatchedLogWrites.vfsName : nil
        }
    }
}
