import Synchronization

/// Counts open connections, in all and per client address, so that one client (or a crowd) cannot
/// take every descriptor the process has. A connection holds a ticket for its whole life —
/// through a protocol switch too — and gives its place back when the ticket goes away.
final class ConnectionAdmission: Sendable {
    private struct Counts {
        var total = 0
        var byAddress: [String: Int] = [:]
    }

    /// 0 means no limit.
    let maxTotal: Int
    let maxPerAddress: Int
    private let counts = Mutex(Counts())

    init(maxTotal: Int, maxPerAddress: Int) {
        self.maxTotal = maxTotal
        self.maxPerAddress = maxPerAddress
    }

    /// A ticket for a new connection from `address`, or nil when a limit is reached.
    func admit(_ address: String) -> ConnectionTicket? {
        let admitted = counts.withLock { counts in
            if maxTotal > 0, counts.total >= maxTotal { return false }
            let current = counts.byAddress[address, default: 0]
            if maxPerAddress > 0, current >= maxPerAddress { return false }
            counts.total += 1
            counts.byAddress[address] = current + 1
            return true
        }
        return admitted ? ConnectionTicket(admission: self, address: address) : nil
    }

    fileprivate func release(_ address: String) {
        counts.withLock { counts in
            counts.total -= 1
            let remaining = counts.byAddress[address, default: 1] - 1
            counts.byAddress[address] = remaining > 0 ? remaining : nil
        }
    }
}

/// One admitted connection's place; released when the last owner of the connection lets go.
public final class ConnectionTicket: Sendable {
    private let admission: ConnectionAdmission
    private let address: String

    fileprivate init(admission: ConnectionAdmission, address: String) {
        self.admission = admission
        self.address = address
    }

    deinit {
        admission.release(address)
    }
}
