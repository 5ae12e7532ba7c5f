import Glibc

/// The IMF-fixdate format of HTTP dates (RFC 9110 §5.6.7), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
enum HTTPDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The date for a count of seconds since 1970, or nil when the C library cannot represent it.
    static func imfFixdate(secondsSince1970 seconds: Int) -> String? {
        var time = time_t(seconds)
        var parts = tm()
        guard gmtime_r(&time, &parts) != nil,
              weekdays.indices.contains(Int(parts.tm_wday)),
              months.indices.contains(Int(parts.tm_mon))
        else { return nil }
        let year = Int(parts.tm_year) + 1900
        guard (0...9999).contains(year) else { return nil }
        return weekdays[Int(parts.tm_wday)] + ", " + twoDigits(parts.tm_mday) + " "
            + months[Int(parts.tm_mon)] + " " + fourDigits(year) + " "
            + twoDigits(parts.tm_hour) + ":" + twoDigits(parts.tm_min) + ":" + twoDigits(parts.tm_sec)
            + " GMT"
    }

    private static func twoDigits(_ value: Int32) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private static func fourDigits(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: 4 - digits.utf8.count) + digits
    }
}
