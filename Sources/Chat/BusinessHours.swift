import JSON
import Logging
import Synchronization
import TimeZones

/// When a website's support is open (contract §11, `widget.business_hours`): a time zone and,
/// per weekday, intervals of local time, `{"timezone": "Europe/Berlin", "days": {"mon":
/// [["09:00", "17:00"]], ...}}`. A day left out is closed all day; `24:00` ends an interval at
/// midnight. Local time follows the zone's daylight-saving rules from the system's tzdata.
public struct BusinessHours: Equatable, Sendable {
    public let timezone: String
    /// Per weekday (0 = Sunday), minutes after local midnight, sorted and not overlapping.
    let intervals: [[ClosedOpen]]

    struct ClosedOpen: Equatable, Sendable {
        let start: Int
        let end: Int
    }

    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// Reads and checks the setting; errors name the member (`widget.business_hours.days.mon[1]`).
    init(_ value: JSONValue, field: String) throws(ValidationError) {
        guard let object = value.objectValue else {
            throw ValidationError(field: field, message: "\(field) must be an object with timezone and days, or null.")
        }
        for key in object.keys where key != "timezone" && key != "days" {
            throw ValidationError(field: "\(field).\(key)", message: "\(field).\(key) is not a known field.")
        }
        guard let zone = object["timezone"]?.stringValue else {
            throw ValidationError(field: "\(field).timezone", message: "\(field).timezone must be an IANA time zone such as Europe/Berlin.")
        }
        do {
            _ = try TimeZoneCache.rules(zone)
        } catch {
            throw ValidationError(field: "\(field).timezone", message: "\(field).timezone: \(error.description).")
        }
        guard let days = object["days"]?.objectValue else {
            throw ValidationError(field: "\(field).days", message: "\(field).days must be an object of weekdays (mon ... sun).")
        }
        var intervals = Array(repeating: [ClosedOpen](), count: 7)
        for (name, list) in days {
            let path = "\(field).days.\(name)"
            guard let weekday = Self.dayNames.firstIndex(of: name) else {
                throw ValidationError(field: path, message: "\(path): days are mon, tue, wed, thu, fri, sat and sun.")
            }
            guard let pairs = list.arrayValue, pairs.count <= 12 else {
                throw ValidationError(field: path, message: "\(path) must be a list of at most 12 [\"HH:MM\", \"HH:MM\"] intervals.")
            }
            var day: [ClosedOpen] = []
            for (index, pair) in pairs.enumerated() {
                let here = "\(path)[\(index)]"
                guard let ends = pair.arrayValue, ends.count == 2, let start = Self.minutes(ends[0]), let end = Self.minutes(ends[1]),
                      start < end, start < 24 * 60 else {
                    throw ValidationError(field: here, message: "\(here) must be [\"HH:MM\", \"HH:MM\"] with the start before the end (24:00 ends a day).")
                }
                day.append(ClosedOpen(start: start, end: end))
            }
            day.sort { $0.start < $1.start }
            for (earlier, later) in zip(day, day.dropFirst()) where later.start < earlier.end {
                throw ValidationError(field: path, message: "\(path) has intervals that overlap.")
            }
            intervals[weekday] = day
        }
        timezone = zone
        self.intervals = intervals
    }

    /// Reads a stored setting back; the store holds only settings this type checked. One that no
    /// longer reads (the system lost the zone in a tzdata change) is logged and read as no hours
    /// at all: better a widget that says someone may answer than one that turns every visitor away.
    init?(stored value: JSONValue, website: String) {
        do {
            self = try BusinessHours(value, field: "widget.business_hours")
        } catch {
            Logger.standard.failure("a website's stored business hours do not read back; it is treated as always open", error,
                                    ["website": website])
            return nil
        }
    }

    public var json: JSONValue {
        var days: JSONObject = [:]
        for (weekday, day) in intervals.enumerated() where !day.isEmpty {
            days[Self.dayNames[weekday]] = .array(day.map { .array([.string(Self.clock($0.start)), .string(Self.clock($0.end))]) })
        }
        return ["timezone": .string(timezone), "days": .object(days)]
    }

    /// Whether `instant` (seconds since 1970 UTC) falls in an interval of its local weekday.
    public func isOpen(at instant: Int64) -> Bool {
        let rules: TimeZoneRules
        do {
            rules = try TimeZoneCache.rules(timezone)
        } catch {
            Logger.standard.failure("business hours whose time zone is gone are treated as open", error, ["timezone": timezone])
            return true
        }
        let local = instant + Int64(rules.offset(at: instant))
        let days = local >= 0 ? local / 86_400 : -((-local + 86_399) / 86_400)
        let minute = Int((local - days * 86_400) / 60)
        return intervals[CivilDate.weekday(days: days)].contains { $0.start <= minute && minute < $0.end }
    }

    private static func minutes(_ value: JSONValue) -> Int? {
        guard let text = value.stringValue, text.utf8.count == 5 else { return nil }
        let bytes = Array(text.utf8)
        guard bytes[2] == UInt8(ascii: ":"), [0, 1, 3, 4].allSatisfy({ bytes[$0] >= 48 && bytes[$0] <= 57 }) else { return nil }
        let hours = Int(bytes[0] - 48) * 10 + Int(bytes[1] - 48)
        let minutes = Int(bytes[3] - 48) * 10 + Int(bytes[4] - 48)
        guard minutes < 60, hours < 24 || (hours == 24 && minutes == 0) else { return nil }
        return hours * 60 + minutes
    }

    private static func clock(_ minutes: Int) -> String {
        let hours = minutes / 60, rest = minutes % 60
        return (hours < 10 ? "0" : "") + String(hours) + ":" + (rest < 10 ? "0" : "") + String(rest)
    }
}

/// Time zones read once per process: a website's hours are checked on every widget settings
/// request, and there are a few hundred zones at most.
enum TimeZoneCache {
    private static let loaded = Mutex<[String: TimeZoneRules]>([:])

    static func rules(_ name: String) throws(TimeZoneError) -> TimeZoneRules {
        if let rules = loaded.withLock({ $0[name] }) { return rules }
        let rules = try TimeZoneRules.load(named: name)
        loaded.withLock { $0[name] = rules }
        return rules
    }
}
