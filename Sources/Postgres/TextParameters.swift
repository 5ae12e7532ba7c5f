import Glibc

/// Parameters laid out as libpq's `PQexecParams` and `PQsendQueryParams` take them: C strings
/// (NULL for SQL NULL) and type OIDs. The strings live until `release()`; libpq copies them into
/// its output buffer during the call, so they are freed right after it.
struct TextParameters {
    private(set) var values: [UnsafePointer<CChar>?]
    let types: [UInt32]

    init(_ parameters: [PostgresValue]) throws(PostgresError) {
        try self.init(parameters.map(\.parameter))
    }

    init(_ parameters: [PostgresParameter]) throws(PostgresError) {
        var values: [UnsafePointer<CChar>?] = []
        var types: [UInt32] = []
        for parameter in parameters {
            let (text, type) = (parameter.text, parameter.type)
            if let text, text.utf8.contains(0) {
                values.forEach { free(UnsafeMutablePointer(mutating: $0)) }
                throw PostgresError(message: "a text parameter contains a NUL character, which PostgreSQL text cannot hold")
            }
            values.append(text.map { UnsafePointer(strdup($0)!) })
            types.append(type)
        }
        self.values = values
        self.types = types
    }

    var count: Int32 { Int32(values.count) }

    func release() {
        values.forEach { free(UnsafeMutablePointer(mutating: $0)) }
    }
}

/// Refuses SQL holding a NUL: libpq reads a C string and would silently drop the rest.
func rejectNul(in sql: String) throws(PostgresError) {
    if sql.utf8.contains(0) { throw PostgresError(message: "SQL text contains a NUL character") }
}
