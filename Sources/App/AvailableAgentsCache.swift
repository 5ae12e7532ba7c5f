import Chat
import Clock
import Synchronization

/// Whether each website has an agent available, remembered for two seconds: the public widget
/// settings route asks on every widget load, and this bounds what that costs the store to one
/// read per website every two seconds, whoever asks how often (only websites that exist get an
/// entry, so the memory is bounded by the websites).
final class AvailableAgentsCache: Sendable {
    private let availability: Availability
    private let entries = Mutex<[String: (available: Bool, until: UInt64)]>([:])
    static let keepMilliseconds: UInt64 = 2_000

    init(availability: Availability) {
        self.availability = availability
    }

    func anyAgentAvailable(in websiteID: String) async throws -> Bool {
        let now = MonotonicClock.milliseconds()
        if let entry = entries.withLock({ $0[websiteID] }), entry.until > now { return entry.available }
        let available = try await availability.anyAgentAvailable(in: websiteID)
        entries.withLock { $0[websiteID] = (available, now + Self.keepMilliseconds) }
        return available
    }
}
