/// What each message's text carries so that a receiver can time and account for it without a
/// lookup: `#wc:<message number>:<CLOCK_MONOTONIC ns at sending>#`, then `x` padding up to the
/// payload size. Every character is one JSON needs no escape for, so the text travels through
/// the server's events byte for byte.
enum DeliveryMarker {
    static let prefix: StaticString = "#wc:"

    /// Appends the marker of message `number` sent at `sentAt`, padded with `x` to `payloadBytes`.
    static func append(number: Int, sentAt: UInt64, payloadBytes: Int, to text: inout [UInt8]) {
        let start = text.count
        text.append(contentsOf: UnsafeRawBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
        text.appendDecimal(number)
        text.append(UInt8(ascii: ":"))
        text.appendDecimal(Int(truncatingIfNeeded: sentAt))
        text.append(UInt8(ascii: "#"))
        let padding = payloadBytes - (text.count - start)
        if padding > 0 { text.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: padding)) }
    }

    /// The message number and send time of the marker that starts `bytes[range]`, or nil when the
    /// text does not start with a well-formed marker (at most 18 digits each, so no overflow).
    static func parse(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> (number: Int, sentAt: UInt64)? {
        let prefixLength = prefix.utf8CodeUnitCount
        guard range.count > prefixLength,
              JSONMemberScanner.equals(bytes, range.lowerBound..<(range.lowerBound + prefixLength), prefix) else { return nil }
        var index = range.lowerBound + prefixLength
        guard let number = decimal(bytes, &index, range.upperBound, terminator: UInt8(ascii: ":")),
              let sentAt = decimal(bytes, &index, range.upperBound, terminator: UInt8(ascii: "#")) else { return nil }
        return (number, UInt64(sentAt))
    }

    private static func decimal(_ bytes: UnsafeRawBufferPointer, _ index: inout Int, _ end: Int, terminator: UInt8) -> Int? {
        var value = 0
        var digits = 0
        while index < end, digits <= 18 {
            let byte = bytes[index]
            index += 1
            if byte == terminator { return digits > 0 ? value : nil }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
        }
        return nil
    }
}
