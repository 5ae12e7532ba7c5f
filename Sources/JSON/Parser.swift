/// Parses one JSON document from UTF-8 bytes.
///
/// Open arrays and objects live on an explicit stack rather than in recursive calls, so the depth
/// of the input costs heap memory bounded by `maxDepth`, never the call stack.
struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    let options: JSONParsingOptions
    var position = 0
    /// Reused for strings with escapes so decoding them does not allocate a buffer per string.
    var scratch: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>, options: JSONParsingOptions) {
        self.bytes = bytes
        self.options = options
    }

    mutating func parseDocument() throws(JSONError) -> JSONValue {
        guard bytes.count <= options.maxLength else { throw JSONError(.tooLong, at: options.maxLength) }
        let value = try parseValue()
        skipWhitespace()
        guard position == bytes.count else { throw JSONError(.trailingData, at: position) }
        return value
    }

    /// An array or object whose closing bracket has not been read yet.
    private struct OpenContainer {
        let isObject: Bool
        var elements: [JSONValue] = []
        var members = JSONObject()
        /// The name of the object member whose value is being parsed.
        var pendingKey = ""
    }

    private mutating func parseValue() throws(JSONError) -> JSONValue {
        var open: [OpenContainer] = []
        nextValue: while true {
            skipWhitespace()
            guard position < bytes.count else { throw JSONError(.unexpectedEnd, at: position) }
            var value: JSONValue
            switch bytes[position] {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                let isObject = bytes[position] == UInt8(ascii: "{")
                guard open.count < options.maxDepth else { throw JSONError(.tooDeep, at: position) }
                position += 1
                skipWhitespace()
                if advance(over: isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    value = isObject ? .object(JSONObject()) : .array([])
                    break
                }
                var container = OpenContainer(isObject: isObject)
                if isObject {
                    container.pendingKey = try parseKey(notIn: container.members)
                }
                open.append(container)
                continue nextValue
            default:
                value = try parseScalar()
            }
            // Hand the finished value to its container, closing every container that ends here.
            while let top = open.indices.last {
                skipWhitespace()
                let isObject = open[top].isObject
                if isObject {
                    let key = open[top].pendingKey
                    if options.allowsDuplicateKeys {
                        open[top].members.setValue(value, forKey: key)
                    } else {
                        open[top].members.appendNewMember(key: key, value: value)
                    }
                } else {
                    open[top].elements.append(value)
                }
                if advance(over: UInt8(ascii: ",")) {
                    if isObject {
                        open[top].pendingKey = try parseKey(notIn: open[top].members)
                    }
                    continue nextValue
                }
                guard advance(over: isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { throw unexpectedByte() }
                let closed = open.removeLast()
                value = isObject ? .object(closed.members) : .array(closed.elements)
            }
            return value
        }
    }

    /// Reads `"name" :` and leaves the position at the member's value.
    private mutating func parseKey(notIn members: JSONObject) throws(JSONError) -> String {
        skipWhitespace()
        let keyStart = position
        guard advance(over: UInt8(ascii: "\"")) else { throw unexpectedByte() }
        let key = try parseStringBody()
        if !options.allowsDuplicateKeys && members.contains(key: key) {
            throw JSONError(.duplicateKey(key), at: keyStart)
        }
        skipWhitespace()
        guard advance(over: UInt8(ascii: ":")) else { throw unexpectedByte() }
        return key
    }

    private mutating func parseScalar() throws(JSONError) -> JSONValue {
        switch bytes[position] {
        case UInt8(ascii: "\""):
            position += 1
            return .string(try parseStringBody())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        default:
            throw unexpectedByte()
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for byte in expected {
            guard position < bytes.count else { throw JSONError(.unexpectedEnd, at: position) }
            guard bytes[position] == byte else { throw JSONError(.unexpectedCharacter, at: position) }
            position += 1
        }
    }

    /// Advances past `byte` if it is next.
    mutating func advance(over byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                position += 1
            default:
                return
            }
        }
    }

    /// The error for the byte at `position` not fitting the grammar: the end of input, bytes that are
    /// not UTF-8 at all, or a well-formed character that is simply out of place.
    func unexpectedByte() -> JSONError {
        guard position < bytes.count else { return JSONError(.unexpectedEnd, at: position) }
        if bytes[position] >= 0x80 && UTF8Validation.sequenceEnd(in: bytes, at: position) == nil {
            return JSONError(.invalidUTF8, at: position)
        }
        return JSONError(.unexpectedCharacter, at: position)
    }
}
