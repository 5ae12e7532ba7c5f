import Testing
import TestSupport
@testable import TimeZones

/// The offsets read from tzdata agree with the C library's, asked through `date` in a child
/// process (its `TZ` cannot disturb this process), at instants from 1900 to 2100 — past the
/// files' last transitions, where the footer's POSIX rule decides — and around this year's
/// daylight-saving changes, for zones that test every rule's corner: both hemispheres, a
/// negative DST (Dublin), half- and three-quarter-hour offsets, abolished DST, a day skipped.
@Suite struct TimeZoneRulesTests {
    static let zones = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Europe/Dublin", "Asia/Kolkata",
                        "Asia/Kathmandu", "America/Sao_Paulo", "Pacific/Apia", "America/St_Johns", "Antarctica/Troll",
                        "Africa/Casablanca", "UTC", "Etc/GMT+5", "America/Santiago", "Pacific/Chatham"]

    @Test(arguments: zones)
    func offsetsAgreeWithTheCLibrary(zone: String) throws {
        let rules = try TimeZoneRules.load(named: zone)
        var random = SystemRandomNumberGenerator()
        var instants: [Int64] = (0..<1500).map { _ in Int64.random(in: -2_208_988_800...4_102_444_800, using: &random) }
        // Every hour around 2026's changes (last Sundays of March and October, second Sunday of
        // March, first Sundays of April and November ...), and every 6 hours through 2040-2041.
        instants += stride(from: Int64(1_772_323_200), to: 1_775_000_000, by: 3600)
        instants += stride(from: Int64(1_790_000_000), to: 1_794_000_000, by: 3600)
        instants += stride(from: Int64(2_208_988_800), to: 2_240_524_800, by: 6 * 3600)
        let directory = try TemporaryDirectory("tz-oracle")
        defer { directory.remove() }
        let input = try directory.write("instants", instants.map { "@\($0)" }.joined(separator: "\n") + "\n")
        let oracle = try ChildProcess.run("/usr/bin/date", ["-f", input, "+%::z"], environment: ["TZ": zone])
        #expect(oracle.status == 0, "\(oracle.error)")
        let expected = oracle.output.split(separator: "\n").map { Self.seconds(fromISOOffset: String($0)) }
        #expect(expected.count == instants.count)
        var wrong: [String] = []
        for (instant, want) in zip(instants, expected) where rules.offset(at: instant) != want {
            wrong.append("@\(instant): \(rules.offset(at: instant)) ≠ \(want)")
        }
        #expect(wrong.isEmpty, "\(zone): \(wrong.count) of \(instants.count) differ, first \(wrong.prefix(5))")
    }

    @Test func namesThatAreNoZoneAreRefusedBeforeTouchingTheDisk() {
        for name in ["", "../etc/passwd", "Europe/../../etc/passwd", "Europe/", "/etc/passwd", "Europe/Berlin.", "Europe//Berlin",
                     "Nowhere/Special"] {
            #expect(throws: TimeZoneError.unknownZone(name)) { try TimeZoneRules.load(named: name) }
        }
        #expect(throws: TimeZoneError.self) { try TimeZoneRules(name: "x", tzif: Array("TZif2 not really".utf8)) }
    }

    @Test func posixRulesParseAsRFC8536Writes() {
        let berlin = PosixTimeZoneRule("CET-1CEST,M3.5.0,M10.5.0/3")
        #expect(berlin?.standardOffset == 3600)
        #expect(berlin?.daylight?.offset == 7200)
        #expect(berlin?.daylight?.end == .init(day: .monthWeekDay(month: 10, week: 5, weekday: 0), time: 3 * 3600))
        #expect(PosixTimeZoneRule("<+0545>-5:45")?.standardOffset == Int32(20_700))
        #expect(PosixTimeZoneRule("<-03>3<-02>,M3.5.0/-2,M10.5.0/-1")?.daylight?.start.time == -7200)
        #expect(PosixTimeZoneRule("EST5EDT,J60/25,300")?.daylight?.start == .init(day: .julian(60), time: 25 * 3600))
        for bad in ["", "C-1", "CET", "CET-1CEST,M13.1.0,M10.5.0", "CET-1CEST,M3.5.0", "CET-1CEST,J0,J5", "CET-1CEST,M3.5.0,M10.5.0/200"] {
            #expect(PosixTimeZoneRule(bad) == nil, "\(bad)")
        }
    }

    @Test func civilDatesRoundTripAndKnowTheirWeekday() {
        for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            let date = CivilDate(days: days)
            #expect(CivilDate.days(year: date.year, month: date.month, day: date.day) == days)
        }
        #expect(CivilDate(days: 0) == CivilDate(days: CivilDate.days(year: 1970, month: 1, day: 1)))
        #expect(CivilDate.weekday(days: CivilDate.days(year: 2026, month: 12, day: 7)) == 1, "a Monday")
        #expect(CivilDate.weekday(days: CivilDate.days(year: 1969, month: 12, day: 31)) == 3, "a Wednesday")
    }

    /// `+hh:mm:ss` (GNU date's `%::z`) in seconds east.
    static func seconds(fromISOOffset text: String) -> Int32 {
        let bytes = Array(text.utf8)
        guard bytes.count == 9 else { return Int32.min }
        let digits = { (at: Int) in Int32(bytes[at] - 48) * 10 + Int32(bytes[at + 1] - 48) }
        let magnitude = digits(1) * 3600 + digits(4) * 60 + digits(7)
        return bytes[0] == UInt8(ascii: "-") ? -magnitude : magnitude
    }
}
