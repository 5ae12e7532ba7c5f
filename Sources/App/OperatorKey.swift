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
        if let existing = try readKey(path) {
            guard existing.utf8.count >= minimumLength else {
                throw StartupError("\(path) holds a key shorter than \(minimumLength) characters.")
            }
            return (existing, .file(path: path, created: false))
        }
        let key = Base64URL.encode(SecureRandom.bytes(32))
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            // Another process created it first: use theirs.
            if errno == EEXIST, let existing = try readKey(path) { return (existing, .file(path: path, created: false)) }
            throw StartupError("Cannot create \(path): \(String(decodingCString: strerror(errno))).")
        }
        defer { close(fd) }
        let line = Array((key + "\n").utf8)
        guard write(fd, line, line.count) == line.count else { throw StartupError("Cannot write \(path).") }
        return (key, .file(path: path, created: true))
    }

    private static func readKey(_ path: String) throws -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw StartupError("Cannot read \(path): \(String(decodingCString: strerror(errno))).")
        }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        let key = String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: "\n")
        return key.isEmpty ? nil : key
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
