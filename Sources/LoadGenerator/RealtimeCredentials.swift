import Glibc

/// The tokens the connections say hello with and the chats they subscribe to, made beforehand by
/// whoever prepares the run (`webchat bench` creates the website, chats and tokens; the
/// benchmark's setup script writes them to files).
///
/// Connection `i` (receivers first, then senders) uses token `i % tokens.count`: distinct tokens
/// give distinct principals, which the server's per-principal write limit cares about. Chat
/// `c` of the scenario is `chatIDs[c]`, so there must be at least as many ids as chats.
public struct RealtimeCredentials: Sendable {
    public let tokens: [String]
    public let chatIDs: [String]

    public init(tokens: [String], chatIDs: [String]) throws(RealtimeLoadError) {
        guard !tokens.isEmpty else { throw .invalidCredentials("no tokens") }
        guard !chatIDs.isEmpty else { throw .invalidCredentials("no chat ids") }
        self.tokens = tokens
        self.chatIDs = chatIDs
    }

    /// One token per line and one chat id per line; blank lines are skipped, CR LF endings accepted.
    public init(tokensFile: String, chatIDsFile: String) throws(RealtimeLoadError) {
        try self.init(tokens: Self.lines(of: tokensFile), chatIDs: Self.lines(of: chatIDsFile))
    }

    private static func lines(of path: String) throws(RealtimeLoadError) -> [String] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .invalidCredentials("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = read(fd, &chunk, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw .invalidCredentials("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            contents.append(contentsOf: chunk[..<count])
        }
        return contents.split(separator: UInt8(ascii: "\n")).compactMap { line in
            let text = String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self)
            return text.allSatisfy({ $0 == " " || $0 == "\t" }) ? nil : text
        }
    }
}
