/// Reads RFC 3339 date-times (`2026-11-22T10:00:00Z`, `2026-11-22T10:00:00.5+02:00`) as unix
/// milliseconds, the unit the chats table stores.
///
/// Follows the RFC's grammar exactly: four-digit year, `T` and `Z` in either case, optional
/// fractional seconds (digits after the third are dropped, so times round toward the past), and
/// `Z` or a `±hh:mm` offset. A leap second (`:60`) is accepted, as the RFC allows, and counts as
/// the first second of the next minute, since unix time has no room for it.
enum RFC3339 {
    static func milliseconds(from text: String) -> Int64? {
        var reader = DigitReader(text.utf8)
        guard let year = reader.number(digits: 4), reader.skip("-"),
              let month = reader.number(digits: 2), reader.skip("-"),
              let day = reader.number(digits: 2), reader.skip("T") || reader.skip("t"),
              let hour = reader.number(digits: 2), reader.skip(":"),
              let minute = reader.number(digits: 2), reader.skip(":"),
              let second = reader.number(digits: 2)
        else { return nil }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              hour <= 23, minute <= 59, second <= 60
        else { return nil }

        var fraction: Int64 = 0
        if reader.skip(".") {
            var digits = 0
            while let digit = reader.digit() {
                if digits < 3 { fraction = fraction * 10 + digit }
                digits += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { fraction *= 10 }
        }

        let offsetSeconds: Int64
        if reader.skip("Z") || reader.skip("z") {
            offsetSeconds = 0
        } else {
            let sign: Int64
            if reader.skip("+") { sign = 1 } else if reader.skip("-") { sign = -1 } else { return nil }
            guard let offsetHour = reader.number(digits: 2), reader.skip(":"),
                  let offsetMinute = reader.number(digits: 2), offsetHour <= 23, offsetMinute <= 59
            else { return nil }
            offsetSeconds = sign * (offsetHour * 3600 + offsetMinute * 60)
        }
        guard reader.isAtEnd else { return nil }

        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return seconds * 1000 + fraction
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func isLeap(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`),
    /// for years 0 through 9999.
    private static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// Steps through ASCII text one byte at a time.
private struct DigitReader {
    private let utf8: String.UTF8View
    private var index: String.Index

    init(_ utf8: String.UTF8View) {
        self.utf8 = utf8
        index = utf8.startIndex
    }

    var isAtEnd: Bool { index == utf8.endIndex }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < utf8.endIndex, utf8[index] == UInt8(ascii: character) else { return false }
        utf8.formIndex(after: &index)
        return true
    }

    mutating func digit() -> Int64? {
        guard index < utf8.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(utf8[index]) else { return nil }
        defer { utf8.formIndex(after: &index) }
        return Int64(utf8[index] - UInt8(ascii: "0"))
    }

    /// Exactly `digits` digits as a number.
    mutating func number(digits: Int) -> Int64? {
        var value: Int64 = 0
        for _ in 0..<digits {
            guard let digit = digit() else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
