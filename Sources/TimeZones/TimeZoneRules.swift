import Glibc

/// The offsets of one IANA time zone from UTC, read from the system's tzdata (RFC 8536 TZif
/// files under `/usr/share/zoneinfo`), so that business hours follow daylight saving time as the
/// operating system knows it, without the C library's process-wide `TZ` (not thread-safe).
///
/// Instants before the file's last transition are looked up in its transitions; instants after
/// it follow the file's footer, a POSIX TZ rule (`PosixTimeZoneRule`), which "slim" tzdata files
/// rely on for every year past the present.
public struct TimeZoneRules: Sendable {
    /// The zone's name as asked for (`Europe/Berlin`).
    public let name: String
    private let transitions: [Int64]
    /// The offset (seconds east of UTC) in force from each transition on.
    private let offsets: [Int32]
    /// Before the first transition (or with none): the zone's first standard-time offset.
    private let initialOffset: Int32
    private let footer: PosixTimeZoneRule?

    /// Loads zone `name` from `directory`. The name must look like a zone name (letters, digits,
    /// `_`, `-`, `+`, and `/` between parts; no `.`), so it can never reach outside the directory.
    public static func load(named name: String, directory: String = "/usr/share/zoneinfo") throws(TimeZoneError) -> TimeZoneRules {
        guard isZoneName(name) else { throw .unknownZone(name) }
        let bytes = try readFile(directory + "/" + name, zone: name)
        return try TimeZoneRules(name: name, tzif: bytes)
    }

    /// Parses the bytes of a TZif file (versions 1 to 4).
    public init(name: String, tzif bytes: [UInt8]) throws(TimeZoneError) {
        self.name = name
        var reader = TZifReader(bytes: bytes, zone: name)
        let first = try reader.header()
        guard first.version >= 2 else {
            let data = try reader.block(first, timeSize: 4)
            (transitions, offsets, initialOffset) = data
            footer = nil
            return
        }
        try reader.skip(first.blockSize(timeSize: 4))
        let second = try reader.header()
        (transitions, offsets, initialOffset) = try reader.block(second, timeSize: 8)
        footer = try reader.footer()
    }

    /// Seconds east of UTC in force at `instant` (seconds since 1970 UTC).
    public func offset(at instant: Int64) -> Int32 {
        guard let last = transitions.last else { return footer?.offset(at: instant) ?? initialOffset }
        if instant >= last, let footer { return footer.offset(at: instant) }
        guard instant >= transitions[0] else { return initialOffset }
        // The last transition at or before the instant.
        var low = 0
        var high = transitions.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if transitions[middle] <= instant { low = middle } else { high = middle - 1 }
        }
        return offsets[low]
    }

    static func isZoneName(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count), name.utf8.count <= 64 else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy { byte in
                (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57)
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            }
        }
    }

    private static func readFile(_ path: String, zone: String) throws(TimeZoneError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unknownZone(zone) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(zone, String(cString: strerror(errno)))
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            // No zone file comes near this; a bigger one is not a zone file.
            guard bytes.count <= 1 << 20 else { throw .malformed(zone, "larger than any zone file") }
        }
    }
}

/// Why a time zone could not be loaded.
public enum TimeZoneError: Error, Equatable, CustomStringConvertible {
    /// No such zone in the system's tzdata (or not a zone name).
    case unknownZone(String)
    case unreadable(String, String)
    case malformed(String, String)

    public var description: String {
        switch self {
        case .unknownZone(let zone): "unknown time zone \(zone)"
        case .unreadable(let zone, let reason): "time zone \(zone) could not be read: \(reason)"
        case .malformed(let zone, let reason): "time zone \(zone) is not a valid TZif file: \(reason)"
        }
    }
}
