/// Reads the parts of a TZif file in order (RFC 8536 §3): headers, data blocks, the footer.
struct TZifReader {
    let bytes: [UInt8]
    let zone: String
    private var position = 0

    init(bytes: [UInt8], zone: String) {
        self.bytes = bytes
        self.zone = zone
    }

    struct Header {
        let version: Int
        let isUTCCount, isStandardCount, leapCount, transitionCount, typeCount, characterCount: Int

        /// The bytes of the data block that follows, with transition times of `timeSize` bytes.
        func blockSize(timeSize: Int) -> Int {
            transitionCount * timeSize + transitionCount + typeCount * 6 + characterCount + leapCount * (timeSize + 4)
                + isStandardCount + isUTCCount
        }
    }

    mutating func header() throws(TimeZoneError) -> Header {
        guard position + 44 <= bytes.count, bytes[position..<position + 4].elementsEqual("TZif".utf8) else {
            throw .malformed(zone, "no TZif header")
        }
        let versionByte = bytes[position + 4]
        let version = versionByte == 0 ? 1 : Int(versionByte) - 48
        guard (1...4).contains(version) else { throw .malformed(zone, "unknown version") }
        position += 20
        let counts = (0..<6).map { index in Int(bigEndian32(at: position + index * 4)) }
        position += 24
        guard counts.allSatisfy({ $0 >= 0 && $0 < 1 << 20 }), counts[4] >= 1 else { throw .malformed(zone, "bad counts") }
        return Header(version: version, isUTCCount: counts[0], isStandardCount: counts[1], leapCount: counts[2],
                      transitionCount: counts[3], typeCount: counts[4], characterCount: counts[5])
    }

    mutating func skip(_ count: Int) throws(TimeZoneError) {
        guard position + count <= bytes.count else { throw .malformed(zone, "truncated") }
        position += count
    }

    /// The transitions and their offsets, and the offset before the first transition.
    mutating func block(_ header: Header, timeSize: Int) throws(TimeZoneError)
        -> (transitions: [Int64], offsets: [Int32], initialOffset: Int32) {
        guard position + header.blockSize(timeSize: timeSize) <= bytes.count else { throw .malformed(zone, "truncated") }
        var transitions: [Int64] = []
        transitions.reserveCapacity(header.transitionCount)
        for index in 0..<header.transitionCount {
            let at = position + index * timeSize
            transitions.append(timeSize == 8 ? Int64(bitPattern: bigEndian64(at: at)) : Int64(Int32(bitPattern: bigEndian32(at: at))))
        }
        position += header.transitionCount * timeSize
        let typeIndexes = Array(bytes[position..<position + header.transitionCount])
        position += header.transitionCount
        var typeOffsets: [Int32] = []
        var typeIsDST: [Bool] = []
        for index in 0..<header.typeCount {
            let at = position + index * 6
            typeOffsets.append(Int32(bitPattern: bigEndian32(at: at)))
            typeIsDST.append(bytes[at + 4] != 0)
        }
        position += header.typeCount * 6
        guard typeIndexes.allSatisfy({ Int($0) < header.typeCount }) else { throw .malformed(zone, "bad type index") }
        guard transitions == transitions.sorted() else { throw .malformed(zone, "transitions out of order") }
        position += header.characterCount + header.leapCount * (timeSize + 4) + header.isStandardCount + header.isUTCCount
        // RFC 8536 §3.2: local time before the first transition is the first type's, which
        // readers take to be standard time; prefer a standard type if the first is not.
        let initial = typeIsDST[0] ? (typeIsDST.firstIndex(of: false) ?? 0) : 0
        return (transitions, typeIndexes.map { typeOffsets[Int($0)] }, typeOffsets[initial])
    }

    /// The POSIX TZ rule between newlines at the end of a version 2+ file; nil when empty.
    mutating func footer() throws(TimeZoneError) -> PosixTimeZoneRule? {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\n") else { return nil }
        guard let end = bytes[(position + 1)...].firstIndex(of: UInt8(ascii: "\n")) else { throw .malformed(zone, "unterminated footer") }
        let text = String(decoding: bytes[(position + 1)..<end], as: UTF8.self)
        position = end + 1
        guard !text.isEmpty else { return nil }
        guard let rule = PosixTimeZoneRule(text) else { throw .malformed(zone, "footer \(text) is not a TZ rule") }
        return rule
    }

    private func bigEndian32(at index: Int) -> UInt32 {
        bytes[index..<index + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    private func bigEndian64(at index: Int) -> UInt64 {
        bytes[index..<index + 8].reduce(0) { $0 << 8 | UInt64($1) }
    }
}
