import Store
import CSQLite

/// The bytes of a statement's text and blob bindings, copied once into one buffer that lives until
/// the statement has been reset. SQLite then keeps only pointers (`SQLITE_STATIC`) instead of
/// copying every value itself, and Swift's rule that a string's bytes are reachable only inside a
/// closure is kept. Statements binding only numbers and NULLs allocate nothing.
struct BindingStorage {
    private var buffer: UnsafeMutableRawPointer?
    private let capacity: Int
    private var used = 0

    /// Binds `values` to the statement's parameters in order; their number must match. Call
    /// `release()` once the statement has been reset and its bindings cleared.
    init(binding values: [SQLValue], to statement: OpaquePointer, on connection: OpaquePointer) throws(SQLiteError) {
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard values.count == expected else {
            throw SQLiteError(code: SQLITE_RANGE, message: "the statement takes \(expected) bindings but \(values.count) were given")
        }
        capacity = values.reduce(0) { total, value in
            switch value {
            case .text(let text): total + text.utf8.count
            case .blob(let bytes): total + bytes.count
            case .null, .integer, .real: total
            }
        }
        do {
            for (position, value) in values.enumerated() {
                try bind(value, at: Int32(position + 1), to: statement, on: connection)
            }
        } catch {
            release()
            throw error
        }
    }

    func release() {
        buffer?.deallocate()
    }

    // `index` fits in Int32: the parameter count, which bounds it, is one.
    private mutating func bind(_ value: SQLValue, at index: Int32, to statement: OpaquePointer, on connection: OpaquePointer) throws(SQLiteError) {
        let status: Int32
        switch value {
        case .null:
            status = sqlite3_bind_null(statement, index)
        case .integer(let number):
            status = sqlite3_bind_int64(statement, index, number)
        case .real(let number):
            guard !number.isNaN else {
                throw SQLiteError(code: SQLITE_MISMATCH, message: "binding \(index) is NaN, which SQLite would store as NULL")
            }
            status = sqlite3_bind_double(statement, index, number)
        case .text(var text):
            let (start, count) = text.withUTF8 { place(UnsafeRawBufferPointer($0)) }
            status = sqlite3_bind_text64(statement, index, start.assumingMemoryBound(to: CChar.self), UInt64(count), nil, UInt8(SQLITE_UTF8))
        case .blob(let bytes):
            let (start, count) = bytes.withUnsafeBytes { place($0) }
            status = sqlite3_bind_blob64(statement, index, start, UInt64(count), nil)
        }
        guard status == SQLITE_OK else { throw SQLiteError(connection: connection, code: status) }
    }

    /// Copies `bytes` into the buffer, allocated on first use. Even an empty value gets a non-null
    /// pointer: SQLite would bind a null pointer as NULL.
    private mutating func place(_ bytes: UnsafeRawBufferPointer) -> (UnsafeMutableRawPointer, Int) {
        let base = buffer ?? UnsafeMutableRawPointer.allocate(byteCount: max(capacity, 1), alignment: 1)
        buffer = base
        let start = base + used
        if let source = bytes.baseAddress { start.copyMemory(from: source, byteCount: bytes.count) }
        used += bytes.count
        return (start, bytes.count)
    }
}
