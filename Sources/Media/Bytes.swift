/// Checked reads from the bytes a reader was given: an offset or length that does not fit answers
/// `nil`, never traps, so every header reader can treat "truncated" and "malformed" alike.
struct Bytes {
    let bytes: [UInt8]

    var count: Int { bytes.count }

    /// Whether `length` bytes start at `offset`, computed without overflow for any `offset`.
    func has(_ length: Int, at offset: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= bytes.count && length <= bytes.count - offset
    }

    func byte(at offset: Int) -> UInt8? {
        has(1, at: offset) ? bytes[offset] : nil
    }

    /// Whether the bytes at `offset` are exactly `expected`.
    func matches(_ expected: [UInt8], at offset: Int) -> Bool {
        has(expected.count, at: offset) && bytes[offset..<offset + expected.count].elementsEqual(expected)
    }

    func bigEndian(_ length: Int, at offset: Int) -> Int? {
        read(length, at: offset, order: 0..<length)
    }

    func littleEndian(_ length: Int, at offset: Int) -> Int? {
        read(length, at: offset, order: (0..<length).reversed())
    }

    /// An unsigned integer of 1 to 4 bytes (so it always fits a 64-bit `Int`), the most
    /// significant byte first in `order`.
    private func read(_ length: Int, at offset: Int, order: some Sequence<Int>) -> Int? {
        precondition(length >= 1 && length <= 4, "reads are of 1 to 4 bytes")
        guard has(length, at: offset) else { return nil }
        return order.reduce(0) { value, index in value << 8 | Int(bytes[offset + index]) }
    }
}
