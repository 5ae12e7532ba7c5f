/// Limits that keep hostile input cheap to reject.
public struct JSONParsingOptions: Sendable {
    /// Deepest nesting of arrays and objects accepted; deeper input fails with `tooDeep` instead of
    /// exhausting memory or the stack.
    public var maxDepth: Int = 64
    /// Longest input accepted, in bytes; checked before any parsing work is done.
    public var maxLength: Int = .max
    /// Whether an object may repeat a member name (the later value wins). Off by default because
    /// token rules forbid it: two readers may otherwise disagree about which value counts.
    public var allowsDuplicateKeys: Bool = false
    /// Whether a string may hold U+0000 (`\u0000`; a raw NUL byte is never valid JSON). Off by
    /// default: no text WebChatKit keeps can hold it (PostgreSQL's `text` refuses it), so it is
    /// refused where it comes in, the same on every backend, instead of failing deep in a store.
    public var allowsNul: Bool = false

    public init(maxDepth: Int = 64, maxLength: Int = .max, allowsDuplicateKeys: Bool = false, allowsNul: Bool = false) {
        self.maxDepth = maxDepth
        self.maxLength = maxLength
        self.allowsDuplicateKeys = allowsDuplicateKeys
        self.allowsNul = allowsNul
    }
}
