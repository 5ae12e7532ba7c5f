/// The members of a JSON object: unique names, kept in insertion (document) order.
///
/// Names are compared byte for byte (code point by code point), as RFC 8259 recommends, not by
/// Swift's canonical string equivalence: `"é"` written precomposed and decomposed are two different
/// members, so no member of a parsed document is ever merged away or mistaken for a duplicate.
///
/// Two objects are equal when they have the same members, whatever their order, because JSON gives
/// member order no meaning; iteration and encoding still follow the stored order.
public struct JSONObject: Sendable {
    public typealias Member = (key: String, value: JSONValue)

    private var members: [Member] = []
    /// Position of every member in `members`, kept only while the object is larger than
    /// `indexThreshold`; small objects (the common case) are searched linearly, which is cheaper
    /// than hashing.
    private var positions: [MemberName: Int] = [:]
    private static let indexThreshold = 12

    public init() {}

    /// Builds an object from members in order; a repeated key keeps its first position and takes
    /// the later value, like assigning through the subscript one member at a time.
    public init(_ members: [(key: String, value: JSONValue)]) {
        self.members.reserveCapacity(members.count)
        for member in members {
            self[member.key] = member.value
        }
    }

    /// The value of the member named `key`. Assigning replaces a member's value in place, appends a
    /// new member at the end, and assigning nil removes the member.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let position = position(of: key) else { return nil }
            return members[position].value
        }
        set {
            if let newValue {
                setValue(newValue, forKey: key)
            } else if let position = position(of: key) {
                remove(at: position)
            }
        }
    }

    public var count: Int { members.count }

    public var isEmpty: Bool { members.isEmpty }

    /// Member names in order.
    public var keys: [String] { members.map(\.key) }

    /// Member values in order.
    public var values: [JSONValue] { members.map(\.value) }

    /// Whether a member named `key` exists (byte-exact comparison).
    public func contains(key: String) -> Bool {
        position(of: key) != nil
    }

    /// Replaces the value of an existing member or appends a new one.
    mutating func setValue(_ value: JSONValue, forKey key: String) {
        if let position = position(of: key) {
            members[position].value = value
        } else {
            appendNewMember(key: key, value: value)
        }
    }

    /// Appends a member whose name the caller has already checked is not present, sparing the
    /// parser a second search.
    mutating func appendNewMember(key: String, value: JSONValue) {
        members.append((key: key, value: value))
        if members.count == Self.indexThreshold + 1 {
            rebuildPositions()
        } else if members.count > Self.indexThreshold {
            positions[MemberName(key)] = members.count - 1
        }
    }

    private func position(of key: String) -> Int? {
        if members.count > Self.indexThreshold {
            return positions[MemberName(key)]
        }
        return members.firstIndex { MemberName.sameBytes($0.key, key) }
    }

    private mutating func remove(at position: Int) {
        members.remove(at: position)
        if members.count > Self.indexThreshold {
            rebuildPositions()
        } else {
            positions.removeAll()
        }
    }

    private mutating func rebuildPositions() {
        positions.removeAll(keepingCapacity: true)
        positions.reserveCapacity(members.count)
        for (position, member) in members.enumerated() {
            positions[MemberName(member.key)] = position
        }
    }
}

extension JSONObject: Sequence {
    public func makeIterator() -> IndexingIterator<[Member]> {
        members.makeIterator()
    }

    public var underestimatedCount: Int { members.count }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Members keep the literal's order; a repeated key keeps its first position and its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { (key: $0.0, value: $0.1) })
    }
}

extension JSONObject: Hashable {
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for (index, member) in lhs.members.enumerated() {
            // Same order is the common case; fall back to a search only when it differs.
            let other = MemberName.sameBytes(rhs.members[index].key, member.key)
                ? index : rhs.position(of: member.key)
            guard let other, rhs.members[other].value == member.value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent, to agree with `==`: members are hashed separately and summed.
        var combined = 0
        for member in members {
            var memberHasher = Hasher()
            memberHasher.combine(MemberName(member.key))
            memberHasher.combine(member.value)
            combined &+= memberHasher.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(combined)
    }
}

/// A member name compared and hashed by its UTF-8 bytes rather than by canonical equivalence.
private struct MemberName: Hashable {
    let string: String

    init(_ string: String) { self.string = string }

    static func sameBytes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.count == rhs.utf8.count && lhs.utf8.elementsEqual(rhs.utf8)
    }

    static func == (lhs: MemberName, rhs: MemberName) -> Bool {
        sameBytes(lhs.string, rhs.string)
    }

    func hash(into hasher: inout Hasher) {
        var string = string
        string.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(0xFF as UInt8)  // 0xFF never occurs in UTF-8, so it ends the name unambiguously.
    }
}
