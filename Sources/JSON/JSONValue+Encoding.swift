extension JSONValue {
    /// The compact JSON text as UTF-8: no whitespace, object members in stored order.
    public func encoded() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(64)
        encode(into: &buffer)
        return buffer
    }

    /// Appends the compact JSON text, so larger documents can be assembled in one buffer.
    public func encode(into buffer: inout [UInt8]) {
        switch self {
        case .null:
            JSONEncoding.appendNull(to: &buffer)
        case .bool(let value):
            JSONEncoding.appendBool(value, to: &buffer)
        case .int(let value):
            JSONEncoding.appendInteger(value, to: &buffer)
        case .double(let value):
            JSONEncoding.appendNumber(value, to: &buffer)
        case .string(let value):
            JSONEncoding.appendString(value, to: &buffer)
        case .array(let elements):
            buffer.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: ",")) }
                element.encode(into: &buffer)
            }
            buffer.append(UInt8(ascii: "]"))
        case .object(let object):
            buffer.append(UInt8(ascii: "{"))
            var isFirst = true
            for member in object {
                if !isFirst { buffer.append(UInt8(ascii: ",")) }
                isFirst = false
                JSONEncoding.appendString(member.key, to: &buffer)
                buffer.append(UInt8(ascii: ":"))
                member.value.encode(into: &buffer)
            }
            buffer.append(UInt8(ascii: "}"))
        }
    }

    /// The compact JSON text.
    public var jsonText: String {
        String(decoding: encoded(), as: UTF8.self)
    }
}
