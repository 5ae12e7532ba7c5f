/// Where an event sits in its website's stream. A persisted event is at `(id, 0)`; a typing or
/// presence event, which is never written, at `(the last persisted id the hub had routed, n)`
/// with `n` counting up for the process's life — so both kinds interleave in one order that
/// live delivery, replay and polling all follow.
public struct EventPosition: Comparable, Hashable, Sendable {
    public let persisted: Int64
    public let ephemeral: Int64

    public init(persisted: Int64, ephemeral: Int64 = 0) {
        self.persisted = persisted
        self.ephemeral = ephemeral
    }

    public static func < (lhs: EventPosition, rhs: EventPosition) -> Bool {
        (lhs.persisted, lhs.ephemeral) < (rhs.persisted, rhs.ephemeral)
    }
}

/// Cursors as clients see them: opaque text `EPOCH.ID` or `EPOCH.ID.N`. The epoch belongs to
/// the database, so a cursor from another one (a restored backup, another server) is refused
/// instead of skipping or repeating events.
public struct CursorFormat: Sendable {
    public let epoch: String

    public init(epoch: String) {
        self.epoch = epoch
    }

    public enum Problem: Error, Equatable, Sendable {
        /// Not a cursor at all.
        case malformed
        /// A cursor of another database, or from before what the log still holds.
        case expired
    }

    public func text(_ position: EventPosition) -> String {
        position.ephemeral == 0 ? "\(epoch).\(position.persisted)" : "\(epoch).\(position.persisted).\(position.ephemeral)"
    }

    public func position(_ text: String) throws(Problem) -> EventPosition {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.dropFirst().allSatisfy(Self.isDecimal),
              let persisted = Int64(parts[1]), let ephemeral = parts.count == 3 ? Int64(parts[2]) : 0 else {
            throw .malformed
        }
        guard parts[0] == epoch else { throw .expired }
        return EventPosition(persisted: persisted, ephemeral: ephemeral)
    }

    private static func isDecimal(_ text: Substring) -> Bool {
        !text.isEmpty && text.count <= 18 && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
