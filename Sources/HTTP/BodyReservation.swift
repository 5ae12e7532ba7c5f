/// The bytes of unfinished request bodies one connection holds under the server's shared body
/// budget (`HTTPLimits.maxBufferedBodyBytes`, per address and in all). Without it, 300
/// connections each announcing a 1 MiB body and sending one byte made the server hold 300 MiB.
///
/// The connection charges what its parser holds — the bytes that arrived, not the length that
/// was announced, and only beyond the first `HTTPLimits.unchargedBodyBytes` — after each read,
/// and gives it back when the body is handed on, refused, or the connection closes. Charging
/// announcements let clients that announce large bodies and send nothing use up the budget, and
/// charging every byte let a few addresses that did send use it up: either way every other
/// client's small request was refused (the attack suite showed both).
struct BodyReservation {
    private let budget: AddressQuota
    private let address: String
    /// The first bytes of a body that are not charged (`HTTPLimits.unchargedBodyBytes`).
    private let uncharged: Int
    private(set) var held = 0

    init(budget: AddressQuota, address: String, uncharged: Int) {
        self.budget = budget
        self.address = address
        self.uncharged = uncharged
    }

    /// Holds what a body of `bodyBytes` is charged from now on; false (holding what it held)
    /// when the budget cannot give the difference.
    mutating func resize(toBody bodyBytes: Int) -> Bool {
        resize(to: max(0, bodyBytes - uncharged))
    }

    private mutating func resize(to bytes: Int) -> Bool {
        if bytes > held {
            guard budget.acquire(bytes - held, for: address) else { return false }
        } else if bytes < held {
            budget.release(held - bytes, for: address)
        }
        held = bytes
        return true
    }
}
