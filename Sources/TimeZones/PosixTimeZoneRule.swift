/// A POSIX TZ rule as the footer of a TZif file holds it (RFC 8536 §3.3, POSIX "TZ"):
/// `CET-1CEST,M3.5.0,M10.5.0/3` — a standard offset and, optionally, a daylight offset with the
/// dates and local times it starts and ends each year. Offsets in the text count west of UTC
/// (`CET-1` is one hour east); here they are kept as seconds east. Transition times may run from
/// -167 to 167 hours, as RFC 8536 extends POSIX.
public struct PosixTimeZoneRule: Sendable, Equatable {
    public let standardOffset: Int32
    public let daylight: Daylight?

    public struct Daylight: Sendable, Equatable {
        public let offset: Int32
        public let start: Transition
        public let end: Transition
    }

    /// A day of the year and a local time on it.
    public struct Transition: Sendable, Equatable {
        public let day: Day
        /// Seconds after local midnight, in the time in force before the transition.
        public let time: Int32
    }

    public enum Day: Sendable, Equatable {
        /// `Jn`: 1...365, February 29 never counted.
        case julian(Int)
        /// `n`: 0...365, February 29 counted in leap years.
        case zeroBased(Int)
        /// `Mm.w.d`: weekday `d` (0 = Sunday) of week `w` (1...5, 5 = the last) of month `m`.
        case monthWeekDay(month: Int, week: Int, weekday: Int)
    }

    public init?(_ text: String) {
        var scanner = Scanner(Array(text.utf8))
        guard scanner.name(), let standard = scanner.offset() else { return nil }
        standardOffset = -standard
        guard !scanner.atEnd else {
            daylight = nil
            return
        }
        guard scanner.name() else { return nil }
        var daylightOffset = standardOffset + 3600
        if !scanner.peek(","), let offset = scanner.offset() { daylightOffset = -offset }
        guard scanner.take(","), let start = scanner.transition(), scanner.take(","), let end = scanner.transition(), scanner.atEnd else {
            return nil
        }
        daylight = Daylight(offset: daylightOffset, start: start, end: end)
    }

    /// Seconds east of UTC at `instant` (seconds since 1970 UTC).
    public func offset(at instant: Int64) -> Int32 {
        guard let daylight else { return standardOffset }
        let year = CivilDate(days: floorDivide(instant + Int64(standardOffset), 86_400)).year
        // The start is given in standard time, the end in daylight time.
        let start = daylight.start.instant(in: year) - Int64(standardOffset)
        let end = daylight.end.instant(in: year) - Int64(daylight.offset)
        let inDaylight = start < end ? (start <= instant && instant < end) : !(end <= instant && instant < start)
        return inDaylight ? daylight.offset : standardOffset
    }
}

extension PosixTimeZoneRule.Transition {
    /// Seconds since 1970 of this transition's local date and time in `year`, as if local time
    /// were UTC.
    func instant(in year: Int64) -> Int64 {
        day.daysSince1970(in: year) * 86_400 + Int64(time)
    }
}

extension PosixTimeZoneRule.Day {
    func daysSince1970(in year: Int64) -> Int64 {
        let january1 = CivilDate.days(year: year, month: 1, day: 1)
        switch self {
        case .julian(let day):
            let leapShift: Int64 = CivilDate.isLeap(year) && day >= 60 ? 1 : 0
            return january1 + Int64(day - 1) + leapShift
        case .zeroBased(let day):
            return january1 + Int64(day)
        case .monthWeekDay(let month, let week, let weekday):
            let first = CivilDate.days(year: year, month: Int64(month), day: 1)
            // 1970-01-01 was a Thursday (4).
            let firstWeekday = Int((first % 7 + 7 + 4) % 7)
            var day = 1 + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
            let length = CivilDate.daysIn(month: Int64(month), year: year)
            while day > length { day -= 7 }
            return first + Int64(day - 1)
        }
    }
}

/// Reads the parts of a TZ rule.
private struct Scanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    func peek(_ character: Character) -> Bool { index < bytes.count && bytes[index] == character.asciiValue }

    mutating func take(_ character: Character) -> Bool {
        guard peek(character) else { return false }
        index += 1
        return true
    }

    /// `<...>` or three or more letters.
    mutating func name() -> Bool {
        if take("<") {
            guard let close = bytes[index...].firstIndex(of: UInt8(ascii: ">")), close - index >= 3 else { return false }
            index = close + 1
            return true
        }
        let start = index
        while index < bytes.count, (bytes[index] | 0x20) >= 97, (bytes[index] | 0x20) <= 122 { index += 1 }
        return index - start >= 3
    }

    /// `[+-]hh[:mm[:ss]]` in seconds, as written (west positive).
    mutating func offset() -> Int32? {
        let negative = take("-")
        if !negative { _ = take("+") }
        guard let seconds = clock(maxHours: 24) else { return nil }
        return negative ? -seconds : seconds
    }

    /// `date[/time]`; the time defaults to 02:00.
    mutating func transition() -> PosixTimeZoneRule.Transition? {
        let day: PosixTimeZoneRule.Day
        if take("M") {
            guard let month = number(), take("."), let week = number(), take("."), let weekday = number(),
                  (1...12).contains(month), (1...5).contains(week), (0...6).contains(weekday) else { return nil }
            day = .monthWeekDay(month: month, week: week, weekday: weekday)
        } else if take("J") {
            guard let julian = number(), (1...365).contains(julian) else { return nil }
            day = .julian(julian)
        } else {
            guard let zeroBased = number(), (0...365).contains(zeroBased) else { return nil }
            day = .zeroBased(zeroBased)
        }
        var time: Int32 = 7200
        if take("/") {
            let negative = take("-")
            if !negative { _ = take("+") }
            guard let seconds = clock(maxHours: 167) else { return nil }
            time = negative ? -seconds : seconds
        }
        return PosixTimeZoneRule.Transition(day: day, time: time)
    }

    private mutating func clock(maxHours: Int) -> Int32? {
        guard let hours = number(), hours <= maxHours else { return nil }
        var seconds = hours * 3600
        if take(":") {
            guard let minutes = number(), minutes < 60 else { return nil }
            seconds += minutes * 60
            if take(":") {
                guard let rest = number(), rest < 60 else { return nil }
                seconds += rest
            }
        }
        return Int32(seconds)
    }

    private mutating func number() -> Int? {
        let start = index
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57, index - start < 4 { index += 1 }
        guard index > start else { return nil }
        return bytes[start..<index].reduce(0) { $0 * 10 + Int($1 - 48) }
    }
}
