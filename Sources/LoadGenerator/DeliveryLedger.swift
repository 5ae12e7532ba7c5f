/// Which messages of its chat one receiver got, one bit each, so that every delivery is checked
/// for arriving exactly once: a bit already set is a duplicate, and the bits never set are the
/// missing deliveries.
struct DeliveryLedger {
    private var words: [UInt64]
    /// Messages received at least once.
    private(set) var unique = 0

    /// `messages` is how many messages of the run go to the receiver's chat.
    init(messages: Int) {
        words = [UInt64](repeating: 0, count: (messages + 63) / 64)
    }

    /// Marks message `index` (its place in the chat) as received; false when it already was.
    /// The caller has checked that the index is within the chat's messages.
    mutating func record(_ index: Int) -> Bool {
        let bit: UInt64 = 1 << UInt64(index & 63)
        let word = index >> 6
        guard words[word] & bit == 0 else { return false }
        words[word] |= bit
        unique += 1
        return true
    }
}
