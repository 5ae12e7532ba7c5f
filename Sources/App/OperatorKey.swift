import Auth
import Glibc

/// The operator key (contract §3): from `WEBCHAT_OPERATOR_KEY`, or generated on first start into
/// `<data-dir>/operator.key` with mode 0600. Only its location is ever logged.
enum OperatorKey {
    static let fileName = "operator.key"
    /// A guessable operator key would hand out every tenant's secret.
    static let minimumLength = 16

    enum Source: Equatable {
        case environment
        case file(path: String, created: Bool)
    }

    static func load(dataDirectory: String, environment: [String: String]) throws -> (key: String, source: Source) {
        if let key = environment["WEBCHAT_OPERATOR_KEY"], !key.isEmpty {
            guard key.utf8.count >= minimumLength else {
                throw StartupError("WEBCHAT_OPERATOR_KEY must be at least \(minimumLength) characters long.")
            }
            return (key, .environment)
        }
        let path = dataDirectory + "/" + fileName
        if let existing = try DataDirectoryFile.readLine(path) {
            try requirePrivate(path)
            guard existing.utf8.count >= minimumLength else {
                throw StartupError("\(path) holds a key shorter than \(minimumLength) characters.")
            }
            return (existing, .file(path: path, created: false))
        }
        let key = Base64URL.encode(SecureRandom.bytes(32))
        guard try DataDirectoryFile.createLine(key, at: path) else {
            // Another process created it first: use theirs.
            guard let existing = try DataDirectoryFile.readLine(path) else { throw StartupError("\(path) is empty.") }
            return (existing, .file(path: path, created: false))
        }
        return (key, .file(path: path, created: true))
    }

    /// Refuses a key file that other users could read or change, as ssh refuses such a private
    /// key: whoever reads it can create websites and read every tenant's secret.
    static func requirePrivate(_ path: String) throws {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw StartupError("Cannot check \(path): \(String(decodingCString: strerror(errno))).")
        }
        let mode = status.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw StartupError("\(path) is accessible by other users (mode \(String(mode, radix: 8))); the operator key "
                               + "must be readable by its owner only. Run: chmod 600 \(path)")
        }
        guard status.st_uid == geteuid() else {
            throw StartupError("\(path) belongs to another user (uid \(status.st_uid)); the operator key must be owned by the "
                               + "user that runs the server.")
        }
    }
}

/// A reason the server cannot start, printed as one line before exiting with status 1.
struct StartupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension String {
    func trimmingCharacters(in character: Character) -> String {
        String(drop(while: { $0 == character || $0 == " " }).reversed().drop(while: { $0 == character || $0 == " " }).reversed())
    }
}
