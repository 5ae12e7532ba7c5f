import JSON
import Store

/// What the table that makes metadata filters index lookups instead of a scan of every chat's
/// JSON holds. The table itself belongs to the chat domain's storage (`MetadataIndexTable`),
/// which writes these rows and tells the SQL compiler its names (`FilterColumns`).
///
/// Each chat's metadata is flattened into rows: one for every value reachable by a path a filter
/// could name (keys a filter could not name, and anything deeper than 8 keys, are left out), and
/// one for every scalar element of an array. A row carries the value's kind (`IndexedKind`), its
/// number in `num` (also for strings that spell a number, which equal that number; an INTEGER for
/// integers, exact over 64 bits) and its text in `str`. Equality, ranges and `in` then seek the `(website_id, path, kind, num|str)` indexes;
/// `contains`, `icontains` and `isnull` look up the few rows of one chat through `(chat, path)`.
public enum MetadataIndex {
    /// Index rows one chat may have. Each row is a write (and an entry in three B-trees) in the
    /// writer's transaction: 16 KiB of metadata as an array of small numbers was about 8,150 rows,
    /// and one such create held the single writer for 47 ms where a usual one takes 2.4 (issue
    /// 13). Metadata with more is refused (`ChatInput`), not stored half-indexed, so a filter never
    /// misses a value the chat has.
    public static let maxRowsPerChat = 256

    /// How many index rows `metadata` makes, counting no further than `maxRowsPerChat + 1`: the
    /// check of a request body stops early however large its arrays.
    public static func rowCount(of metadata: JSONObject) -> Int {
        var count = 0
        forEachRow(of: metadata) { _ in
            count += 1
            return count <= maxRowsPerChat
        }
        return count
    }

    /// One row of the index: a value, where it sits, and its kind.
    public struct Row {
        let path: MetadataPath
        let kind: IndexedKind
        let value: JSONValue

        /// The keys joined with `.`, e.g. `owner.team`.
        public var pathText: String { path.text }
        /// The `IndexedKind` code, fixed by the stored data.
        public var kindCode: Int64 { kind.rawValue }
        /// The number, or the number a string spells, as stored (INTEGER when exact, else REAL).
        public var number: SQLValue? { value.numericValue?.sqlValue }
        public var string: String? { value.stringValue }
    }

    /// Calls `body` with each row of `metadata` in document order until it returns false: one
    /// walk defines the rows for both counting and writing (the chat domain's storage writes them).
    public static func forEachRow(of metadata: JSONObject, _ body: (Row) -> Bool) {
        _ = visitMembers(of: metadata, under: nil, body)
    }

    /// Returns false once `body` asked to stop.
    private static func visitMembers(of object: JSONObject, under parent: MetadataPath?, _ body: (Row) -> Bool) -> Bool {
        for member in object where MetadataPath.problem(withKey: member.key) == nil {
            let path = parent?.appending(validatedKey: member.key) ?? MetadataPath(validatedKeys: [member.key])
            guard visit(member.value, at: path, isElement: false, body) else { return false }
            switch member.value {
            case .array(let elements):
                for element in elements {
                    guard visit(element, at: path, isElement: true, body) else { return false }
                }
            case .object(let nested) where path.keys.count < FilterLimits.pathDepth:
                guard visitMembers(of: nested, under: path, body) else { return false }
            default:
                break
            }
        }
        return true
    }

    private static func visit(_ value: JSONValue, at path: MetadataPath, isElement: Bool, _ body: (Row) -> Bool) -> Bool {
        guard let kind = IndexedKind(value: value, isElement: isElement) else { return true }
        return body(Row(path: path, kind: kind, value: value))
    }
}
