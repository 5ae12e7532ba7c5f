extension JSONValue {
    /// Parses one JSON text (RFC 8259, strictly) from UTF-8 bytes without copying them.
    public init(parsing bytes: UnsafeRawBufferPointer, options: JSONParsingOptions = .init()) throws(JSONError) {
        // Any memory may be read as bytes; the parser never writes through this pointer.
        var parser = Parser(bytes: bytes.assumingMemoryBound(to: UInt8.self), options: options)
        self = try parser.parseDocument()
    }

    /// Parses one JSON text (RFC 8259, strictly) from UTF-8 bytes.
    public init(parsing bytes: [UInt8], options: JSONParsingOptions = .init()) throws(JSONError) {
        // `withUnsafeBytes` only rethrows untyped errors, so the typed error travels in a Result.
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONError) in try JSONValue(parsing: raw, options: options) }
        }
        self = try result.get()
    }

    /// Parses one JSON text (RFC 8259, strictly) from a string's UTF-8 form.
    public init(parsing text: String, options: JSONParsingOptions = .init()) throws(JSONError) {
        var text = text
        let result = text.withUTF8 { utf8 in
            Result { () throws(JSONError) in try JSONValue(parsing: UnsafeRawBufferPointer(utf8), options: options) }
        }
        self = try result.get()
    }
}
