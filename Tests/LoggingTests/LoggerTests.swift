import Glibc
import Logging
import Synchronization
import Testing

/// Lines written by a logger under test.
final class CapturedLines: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    func append(_ line: String) { lines.withLock { $0.append(line) } }
}

@Suite struct LoggerTests {
    @Test func writesLevelMessageAndFieldsQuotingSpaces() {
        let captured = CapturedLines()
        let logger = Logger(level: .info, output: captured.append)
        logger.info("serving", ["url": "http://127.0.0.1:8080", "note": "two words", "empty": ""])
        logger.debug("not shown")
        #expect(captured.all.count == 1)
        let line = captured.all.first ?? ""
        #expect(line.hasSuffix(#" info serving url=http://127.0.0.1:8080 note="two words" empty="""#))
    }

    /// An error text of several lines (libpq's) stays on its event's line, escaped, so that
    /// every line of the log is one event.
    @Test func aValueWithLineBreaksQuotesOrBackslashesStaysOnOneLine() {
        let captured = CapturedLines()
        let logger = Logger(level: .info, output: captured.append)
        logger.warning("lost", ["error": "server closed the connection\n\tThis probably means \"it\" ended", "path": #"C:\x"#])
        #expect(captured.all.count == 1)
        #expect(captured.all.first?.contains("\n") == false)
        #expect(captured.all.first?.hasSuffix(#" lost error="server closed the connection\n\tThis probably means \"it\" ended" path="C:\\x""#) == true)
    }

    @Test func aFloodOfOneMessageIsCutToItsBurstAndTheNextLineCountsWhatWasDropped() {
        let captured = CapturedLines()
        let logger = Logger(level: .info, burstPerMessage: 3, windowMilliseconds: 50, output: captured.append)
        for index in 0..<1000 { logger.warning("read failed", ["n": "\(index)"]) }
        logger.warning("another message")
        #expect(captured.all.count == 4, "three of the flood and the other message")
        // A new window lets the message through again, with the count of what was dropped.
        var waited = 0
        while captured.all.count < 5, waited < 200 {
            logger.warning("read failed", ["n": "late"])
            if captured.all.count < 5 { usleep(5_000) }
            waited += 1
        }
        #expect(captured.all.last?.contains("n=late dropped_similar=") == true)
    }

    @Test func failuresCarryTheErrorAndTheirContext() {
        struct DiskFull: Error, CustomStringConvertible { var description: String { "disk full" } }
        let captured = CapturedLines()
        let logger = Logger(level: .info, output: captured.append)
        logger.failure("checkpoint failed", DiskFull(), ["file": "a.db"])
        logger.failure("quiet", DiskFull(), level: .debug)
        #expect(captured.all.count == 1)
        #expect(captured.all.first?.hasSuffix(#"error checkpoint failed error="disk full" file=a.db"#) == true)
    }
}
