import Chat
import JSON
import Testing

/// Business hours are local time in their zone, daylight saving time included (contract §11).
@Suite struct BusinessHoursTests {
    static func hours(_ json: String) throws -> BusinessHours {
        let settings = try WidgetSettings().merging(["business_hours": try JSONValue(parsing: json)])
        return try #require(settings.businessHours)
    }

    /// Seconds since 1970 of a UTC date and time.
    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int) -> Int64 {
        var days = 0
        for y in 1970..<year { days += (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 366 : 365 }
        let lengths = [31, (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        days += lengths.prefix(month - 1).reduce(0, +) + day - 1
        return Int64(days * 86_400 + hour * 3600 + minute * 60)
    }

    @Test func mondaysInBerlinAcrossTheSpringChange() throws {
        let berlin = try Self.hours(#"{"timezone":"Europe/Berlin","days":{"mon":[["09:00","17:00"]]}}"#)
        // 2026-03-23, before the change: CET, UTC+1.
        #expect(!berlin.isOpen(at: Self.utc(2026, 3, 23, 7, 30)), "08:30 CET")
        #expect(berlin.isOpen(at: Self.utc(2026, 3, 23, 8, 30)), "09:30 CET")
        #expect(!berlin.isOpen(at: Self.utc(2026, 3, 23, 16, 0)), "17:00 CET is closed")
        // 2026-03-30, after it (2026-03-29): CEST, UTC+2.
        #expect(berlin.isOpen(at: Self.utc(2026, 3, 30, 7, 30)), "09:30 CEST")
        #expect(!berlin.isOpen(at: Self.utc(2026, 3, 30, 15, 30)), "17:30 CEST")
        #expect(!berlin.isOpen(at: Self.utc(2026, 3, 31, 8, 30)), "a Tuesday")
    }

    @Test func mondaysInNewYorkAcrossTheAutumnChange() throws {
        let newYork = try Self.hours(#"{"timezone":"America/New_York","days":{"mon":[["09:00","17:00"]]}}"#)
        #expect(newYork.isOpen(at: Self.utc(2026, 10, 26, 13, 30)), "09:30 EDT")
        #expect(!newYork.isOpen(at: Self.utc(2026, 11, 2, 13, 30)), "08:30 EST, the day after the change")
        #expect(newYork.isOpen(at: Self.utc(2026, 11, 2, 14, 30)), "09:30 EST")
    }

    @Test func midnightEndsADayAndLocalWeekdaysFollowTheZone() throws {
        let late = try Self.hours(#"{"timezone":"UTC","days":{"sun":[["22:00","24:00"]]}}"#)
        #expect(late.isOpen(at: Self.utc(2026, 12, 6, 23, 59)), "Sunday 23:59")
        #expect(!late.isOpen(at: Self.utc(2026, 12, 7, 0, 0)), "Monday 00:00")
        // Monday morning in Tokyo is still Sunday in UTC.
        let tokyo = try Self.hours(#"{"timezone":"Asia/Tokyo","days":{"mon":[["08:00","10:00"]]}}"#)
        #expect(tokyo.isOpen(at: Self.utc(2026, 12, 6, 23, 30)), "Monday 08:30 JST")
    }
}
