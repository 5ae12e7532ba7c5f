import Logging
import Threads

/// What a spool worker reports about a streamed body, back on the connection's loop.
enum SpoolReport: Sendable {
    /// A piece of `count` bytes is on disk, or writing it failed.
    case written(count: Int, SystemError?)
    /// The body is complete on disk, or finishing it failed.
    case finished(Result<SpooledBody, SystemError>)
}

/// A request body being streamed to a temporary file, as its connection sees it: bytes gathered
/// into pieces, pieces handed to the body's spool worker, and how much is still on its way. The
/// connection stops reading while `holdsInput`, so an upload's memory stays bounded by `window`
/// plus one read, however large the body and however slow the disk. Loop-confined.
final class BodySpool {
    /// Bytes gathered before they are handed to the worker in one `write`.
    static let pieceBytes = 32 * 1024
    /// Reading stops while this much is gathered or on its way to the disk. With the loop's read
    /// buffer of 64 KiB an upload holds less than 128 KiB: 50 uploads of 10 MiB hold about 6 MiB.
    static let window = 64 * 1024

    let head: HTTPRequestHead
    let file: SpoolFile
    private let worker: SerialWorker
    private let report: @Sendable (SpoolReport) -> Void
    private var piece: [UInt8] = []
    private var inFlight = 0
    /// The body is complete and its file is being finished; the request is dispatched when the
    /// worker reports it done.
    private(set) var finishing = false

    /// `report` delivers the worker's reports to the connection, on its loop.
    init(head: HTTPRequestHead, policy: BodySpoolPolicy, worker: SerialWorker, logger: Logger,
         report: @escaping @Sendable (SpoolFile, SpoolReport) -> Void) {
        self.head = head
        let file = SpoolFile(directory: policy.directory, logger: logger)
        self.file = file
        self.worker = worker
        self.report = { report(file, $0) }
    }

    /// Body bytes held in memory: gathered, or handed to the worker and not yet written.
    var bufferedBytes: Int { piece.count + inFlight }

    /// The connection must not read (nor parse what it read) now: the disk is behind, or the
    /// body is complete and the request not yet dispatched (what follows is the next request).
    var holdsInput: Bool { finishing || bufferedBytes >= Self.window }

    func append(_ bytes: UnsafeRawBufferPointer) {
        if piece.isEmpty { piece.reserveCapacity(Self.pieceBytes) }
        piece.append(contentsOf: bytes)
        if piece.count >= Self.pieceBytes { handOverPiece() }
    }

    /// The worker wrote `count` bytes.
    func written(_ count: Int) {
        inFlight -= count
    }

    /// The body is complete: the rest goes to the disk, then the file is finished.
    func finish() {
        handOverPiece()
        finishing = true
        let (file, worker, report) = (file, worker, report)
        worker.submit { report(.finished(file.finish(on: worker))) }
    }

    /// The request will not complete (the client went away, the server is stopping): the file
    /// is removed once the writes before it are done.
    func abandon() {
        let file = file
        worker.submit { file.discard() }
    }

    private func handOverPiece() {
        guard !piece.isEmpty else { return }
        let bytes = piece
        piece = []
        inFlight += bytes.count
        let (file, report) = (file, report)
        worker.submit { report(.written(count: bytes.count, file.write(bytes))) }
    }
}
