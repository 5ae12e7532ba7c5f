import LoadGenerator
import Testing
import TestSupport

/// What a realtime run is given: token and chat files, and settings checked before anything connects.
@Suite("Realtime settings")
struct RealtimeSettingsTests {
    @Test func credentialsComeFromFilesOneALine() throws {
        let directory = try TemporaryDirectory("wsclient-credentials")
        defer { directory.remove() }
        let tokens = try directory.write("tokens", "eyJ.one\r\n\r\neyJ.two\n  \neyJ.three")
        let chats = try directory.write("chats", "ch_1\nch_2\n")
        let credentials = try RealtimeCredentials(tokensFile: tokens, chatIDsFile: chats)
        #expect(credentials.tokens == ["eyJ.one", "eyJ.two", "eyJ.three"])
        #expect(credentials.chatIDs == ["ch_1", "ch_2"])

        let empty = try directory.write("empty", "\n\n")
        #expect(throws: RealtimeLoadError.self) { try RealtimeCredentials(tokensFile: empty, chatIDsFile: chats) }
        #expect(throws: RealtimeLoadError.self) { try RealtimeCredentials(tokensFile: directory.path + "/missing", chatIDsFile: chats) }
        #expect(throws: RealtimeLoadError.self) { try RealtimeCredentials(tokens: [], chatIDs: ["ch_1"]) }
    }

    @Test func settingsAreCheckedBeforeConnecting() throws {
        let address = try ServerAddress(host: "127.0.0.1", port: 9)
        let credentials = try RealtimeCredentials(tokens: ["t"], chatIDs: ["ch_1", "ch_2"])
        let rooms = RealtimeScenario.rooms(chats: 3, receiversPerChat: 1, senders: 1, messagesPerSecondEach: 1, seconds: 1)
        #expect(throws: RealtimeLoadError.self) { try RealtimeLoad(address: address, scenario: rooms, credentials: credentials) }

        let idle = RealtimeScenario.idle(connections: 1, seconds: 1)
        for change in [{ (options: inout RealtimeLoadOptions) in options.threads = 0 },
                       { $0.path = "no-slash" },
                       { $0.payloadBytes = -1 },
                       { $0.connectConcurrency = 0 },
                       { $0.drainTimeoutSeconds = .nan },
                       { $0.origin = "http://a\r\nX-Injected: 1" }] {
            var options = RealtimeLoadOptions()
            change(&options)
            #expect(throws: RealtimeLoadError.self) {
                try RealtimeLoad(address: address, scenario: idle, credentials: credentials, options: options)
            }
        }
        #expect(RealtimeLoadOptions().runTag != RealtimeLoadOptions().runTag, "a fresh run tag each time")
    }
}
