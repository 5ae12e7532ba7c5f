import Testing
@testable import LoadGenerator

/// The arithmetic the exactly-once check rests on: which chat each message goes to, and its
/// place among that chat's messages.
@Suite("Realtime plan")
struct RealtimePlanTests {
    /// A rooms plan that sends exactly `messages` messages.
    func plan(senders: Int, chats: Int, messages: Int) throws -> RealtimePlan {
        try RealtimePlan(.rooms(chats: chats, receiversPerChat: 2, senders: senders,
                                messagesPerSecondEach: Double(messages) / Double(senders), seconds: 1))
    }

    @Test(arguments: [1, 2, 3, 5, 7], [1, 2, 3, 4, 6])
    func everyChatsMessagesAreNumberedWithoutGapsOrRepeats(senders: Int, chats: Int) throws {
        for messages in [1, 2, 13, 50, 101] {
            let plan = try plan(senders: senders, chats: chats, messages: messages)
            #expect(plan.messages == messages)
            var seen = [[Int]](repeating: [], count: chats)
            for message in 0..<messages {
                #expect(plan.chat(ofMessage: message) == plan.sender(ofMessage: message) % chats)
                seen[plan.chat(ofMessage: message)].append(plan.indexInChat(ofMessage: message))
            }
            for chat in 0..<chats {
                #expect(seen[chat] == Array(0..<plan.messages(inChat: chat)), "senders \(senders), chats \(chats), messages \(messages)")
            }
            #expect((0..<chats).map(plan.messages(inChat:)).reduce(0, +) == messages)
            #expect(plan.plannedDeliveries == 2 * messages)
        }
    }

    @Test func fanoutIsOneChatAndIdleSendsNothing() throws {
        let fanout = try RealtimePlan(.fanout(receivers: 200, senders: 3, messagesPerSecond: 2500, seconds: 10))
        #expect(fanout.chats == 1 && fanout.receivers == 200 && fanout.senders == 3)
        #expect(fanout.messages == 25_000)
        #expect(fanout.plannedDeliveries == 5_000_000)
        #expect(fanout.dueOffset(ofMessage: 2500) == 1_000_000_000)
        let idle = try RealtimePlan(.idle(connections: 10_000, seconds: 20))
        #expect(idle.messages == 0 && idle.senders == 0 && idle.plannedDeliveries == 0)
        #expect(idle.messages(inChat: 0) == 0)
        #expect(idle.holdNanoseconds == 20_000_000_000)
    }

    @Test(arguments: [
        RealtimeScenario.fanout(receivers: 10, senders: 0, messagesPerSecond: 10, seconds: 1),
        .fanout(receivers: 0, senders: 0, messagesPerSecond: 10, seconds: 1),
        .fanout(receivers: 10, senders: 1, messagesPerSecond: 0, seconds: 1),
        .fanout(receivers: 10, senders: 1, messagesPerSecond: .nan, seconds: 1),
        .fanout(receivers: 10, senders: 1, messagesPerSecond: 10, seconds: .infinity),
        .fanout(receivers: 10, senders: 1, messagesPerSecond: 0.1, seconds: 1),
        .fanout(receivers: -1, senders: 1, messagesPerSecond: 10, seconds: 1),
        .rooms(chats: 0, receiversPerChat: 1, senders: 1, messagesPerSecondEach: 1, seconds: 1),
        .rooms(chats: 100_000, receiversPerChat: 100_000, senders: 1, messagesPerSecondEach: 1, seconds: 1),
        .idle(connections: 0, seconds: 1),
        .idle(connections: 200_000, seconds: 1),
        .idle(connections: 10, seconds: -1),
    ])
    func impossibleScenariosAreRefused(scenario: RealtimeScenario) {
        #expect(throws: RealtimeLoadError.self) { try RealtimePlan(scenario) }
    }
}

/// Which server each connection of a realtime run uses when the run is given several.
@Suite("Realtime spread over servers")
struct RealtimeSpreadTests {
    @Test func receiversAreSpreadAndOneSenderIsOnTheFirstServer() throws {
        let addresses = try [1, 2, 3].map { try ServerAddress(host: "127.0.0.1", port: 9000 + $0) }
        let plan = try RealtimePlan(.fanout(receivers: 7, senders: 1, messagesPerSecond: 10, seconds: 1))
        let run = RealtimeRun(plan: plan, addresses: addresses, credentials: try RealtimeCredentials(tokens: ["t"], chatIDs: ["ch_1"]),
                              options: RealtimeLoadOptions())
        #expect((0..<7).map(run.node(ofReceiver:)) == [0, 1, 2, 0, 1, 2, 0])
        #expect((0..<10).allSatisfy { run.node(ofMessage: $0) == 0 }, "one sender: every message goes through the first server")

        let rooms = try RealtimePlan(.rooms(chats: 2, receiversPerChat: 2, senders: 4, messagesPerSecondEach: 1, seconds: 1))
        let spread = RealtimeRun(plan: rooms, addresses: addresses, credentials: try RealtimeCredentials(tokens: ["t"], chatIDs: ["a", "b"]),
                                 options: RealtimeLoadOptions())
        #expect((0..<8).map(spread.node(ofMessage:)) == [0, 1, 2, 0, 0, 1, 2, 0], "message k on sender k % 4, sender j on server j % 3")
        #expect(throws: RealtimeLoadError.self) {
            try RealtimeLoad(addresses: [], scenario: .idle(connections: 1, seconds: 1), credentials: try RealtimeCredentials(tokens: ["t"], chatIDs: ["a"]))
        }
    }
}
