import Synchronization

/// An amount shared by every connection of a server, bounded in all and per client address, so
/// that one client (or a crowd) cannot take all of it: open connections, buffered body bytes.
/// Safe from every loop.
final class AddressQuota: Sendable {
    private struct Usage {
        var total = 0
        var byAddress: [String: Int] = [:]
    }

    /// 0 means no limit.
    let maxTotal: Int
    let maxPerAddress: Int
    private let usage = Mutex(Usage())

    init(maxTotal: Int, maxPerAddress: Int) {
        self.maxTotal = maxTotal
        self.maxPerAddress = maxPerAddress
    }

    /// Takes `amount` for `address`; false (and nothing taken) when a limit would be passed.
    func acquire(_ amount: Int, for address: String) -> Bool {
        usage.withLock { usage in
            if maxTotal > 0, usage.total + amount > maxTotal { return false }
            let current = usage.byAddress[address, default: 0]
            if maxPerAddress > 0, current + amount > maxPerAddress { return false }
            usage.total += amount
            usage.byAddress[address] = current + amount
            return true
        }
    }

    /// Gives back `amount` taken earlier for `address`.
    func release(_ amount: Int, for address: String) {
        usage.withLock { usage in
            usage.total -= amount
            let remaining = usage.byAddress[address, default: amount] - amount
            usage.byAddress[address] = remaining > 0 ? remaining : nil
        }
    }

    var total: Int { usage.withLock { $0.total } }
}
