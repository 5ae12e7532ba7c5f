import CLibPQ

/// Which PostgreSQL server and database to use, parsed from a `postgresql://` URL or a libpq
/// keyword string (`host=db port=5432 dbname=webchat sslmode=verify-full`) by libpq itself, so
/// every libpq option works as documented: TLS (`sslmode`, `sslrootcert`, ...), several hosts,
/// `target_session_attrs`. What the string leaves out comes from libpq's defaults and `PG*`
/// environment variables, as with `psql`.
///
/// The string may hold a password, so the target never shows it: `description` (what logs and
/// errors say) names only the host, port and database, and `dump` shows nothing more.
/// `connectionString` gives the whole string back for handing to another process.
public struct PostgresTarget: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The options the string set, as libpq named them, in libpq's order.
    let options: [(keyword: String, value: String)]

    /// Parses `text`. libpq's own message is not passed on: for a malformed string it quotes the
    /// part it stumbled on, which may be the password.
    public init(_ text: String) throws(PostgresError) {
        var failure: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(text, &failure) else {
            PQfreemem(failure)
            throw PostgresError(message: "the database setting is neither a postgresql:// URL nor a libpq connection string "
                                    + "(libpq's message is withheld: it may quote the password)")
        }
        defer { PQconninfoFree(parsed) }
        var options: [(String, String)] = []
        var option = parsed
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { options.append((String(cString: keyword), String(cString: value))) }
            option += 1
        }
        self.options = options
    }

    private init(options: [(keyword: String, value: String)]) {
        self.options = options
    }

    public subscript(_ keyword: String) -> String? {
        options.last { $0.keyword == keyword }?.value
    }

    /// The host(s) as given (`hostaddr` when only that is), or nil for libpq's default socket.
    public var host: String? { self["host"] ?? self["hostaddr"] }
    public var port: String? { self["port"] }
    public var database: String? { self["dbname"] }
    public var user: String? { self["user"] }

    /// The same server and credentials, another database: tests give each test a database.
    public func with(database: String) -> PostgresTarget {
        PostgresTarget(options: options.filter { $0.keyword != "dbname" } + [("dbname", database)])
    }

    /// Where this connects, without credentials: `postgresql 127.0.0.1:5432/webchat`.
    public var description: String {
        "postgresql \(host ?? "(default host)"):\(port ?? "(default port)")/\(database ?? "(default database)")"
    }

    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["target": description]) }

    /// The whole target as a libpq keyword string, password included: for handing to another
    /// process (a server under test), never for a log line.
    public var connectionString: String {
        options.map { "\($0.keyword)='\(Self.quoted($0.value))'" }.joined(separator: " ")
    }

    /// `text` with every secret this target holds replaced, for messages that libpq composes
    /// from them (defense in depth: libpq does not normally quote the password).
    func redacting(_ text: String) -> String {
        guard let password = self["password"], !password.isEmpty else { return text }
        return text.replacing(password, with: "[password]")
    }

    /// Escapes a keyword string value: backslash and single quote are preceded by a backslash.
    private static func quoted(_ value: String) -> String {
        var result = ""
        for character in value {
            if character == "\\" || character == "'" { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
