/// Where a value sits inside a chat's metadata: the keys to walk, outermost first.
///
/// Keys are 1–64 characters of `[A-Za-z0-9_-]` that neither start nor end with `_`, so that
/// `metadata__owner__team` splits on `__` in exactly one way. A key can therefore never hold a `.`,
/// which makes the dotted `text` ("owner.team") an unambiguous name for the path in the metadata
/// index.
public struct MetadataPath: Sendable, Hashable, CustomStringConvertible {
    /// The keys, outermost first; never empty and at most 8.
    public let keys: [String]
    /// The keys joined with `.`: the path as the metadata index stores it.
    public let text: String

    /// The path of `keys`, or nil when there are none, more than 8, or one is not a valid key.
    public init?(keys: [String]) {
        guard !keys.isEmpty, keys.count <= FilterLimits.pathDepth,
              keys.allSatisfy({ MetadataPath.problem(withKey: $0) == nil }) else { return nil }
        self.init(validatedKeys: keys)
    }

    /// A path whose keys the caller has already checked.
    init(validatedKeys keys: [String]) {
        self.keys = keys
        text = keys.joined(separator: ".")
    }

    /// The path one key deeper, for walks that have checked the key and the depth.
    func appending(validatedKey key: String) -> MetadataPath {
        MetadataPath(validatedKeys: keys + [key])
    }

    public var description: String { text }

    /// Why `key` cannot be a metadata key, or nil when it can.
    static func problem(withKey key: some StringProtocol) -> String? {
        let utf8 = key.utf8
        if utf8.isEmpty { return "a metadata key is empty" }
        if utf8.count > FilterLimits.keyBytes { return "a metadata key is longer than \(FilterLimits.keyBytes) characters" }
        if !utf8.allSatisfy(isKeyByte) { return "a metadata key may only hold letters, digits, '_' and '-'" }
        if key.first == "_" || key.last == "_" {  // all ASCII by now: one byte per character
            return "a metadata key may not start or end with '_'"
        }
        return nil
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }
}
