/// Counts open connections, in all and per client address, so that one client (or a crowd) cannot
/// take every descriptor the process has. A connection holds a ticket for its whole life —
/// through a protocol switch too — and gives its place back when the ticket goes away.
final class ConnectionAdmission: Sendable {
    private let places: AddressQuota

    /// 0 means no limit.
    init(maxTotal: Int, maxPerAddress: Int) {
        places = AddressQuota(maxTotal: maxTotal, maxPerAddress: maxPerAddress)
    }

    /// A ticket for a new connection from `address`, or nil when a limit is reached.
    func admit(_ address: String) -> ConnectionTicket? {
        places.acquire(1, for: address) ? ConnectionTicket(places: places, address: address) : nil
    }
}

/// One admitted connection's place; released when the last owner of the connection lets go.
public final class ConnectionTicket: Sendable {
    private let places: AddressQuota
    private let address: String

    fileprivate init(places: AddressQuota, address: String) {
        self.places = places
        self.address = address
    }

    deinit {
        places.release(1, for: address)
    }
}
