import Glibc

/// Bytes waiting to go out on one connection, as a queue of whole pieces: a buffer shared by many
/// connections (a broadcast frame) is queued by reference and never copied, and a file (a static
/// file's sealed memfd, an attachment) is queued as a slice and sent with `sendfile`, never read
/// into memory. `flush` writes as many buffers as fit with one `writev`.
public struct OutboundQueue: Sendable {
    private enum Piece: Sendable {
        case bytes([UInt8])
        case file(FileSlice)

        var count: Int {
            switch self {
            case .bytes(let bytes): bytes.count
            case .file(let slice): slice.count
            }
        }
    }

    private var pieces: [Piece] = []
    private var first = 0
    /// How much of the first piece went out already.
    private var firstOffset = 0
    public private(set) var byteCount = 0

    public init() {}

    public var isEmpty: Bool { byteCount == 0 }

    public mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        pieces.append(.bytes(bytes))
        byteCount += bytes.count
    }

    public mutating func append(_ slice: FileSlice) {
        guard slice.count > 0 else { return }
        pieces.append(.file(slice))
        byteCount += slice.count
    }

    public enum FlushResult: Equatable, Sendable {
        /// Everything was written.
        case drained
        /// The socket buffer is full; wait until the socket is writable.
        case blocked
        /// The peer is gone or the socket failed (or a file ended before its promised length).
        case failed
    }

    /// Writes until the queue is empty or the socket refuses more.
    public mutating func flush(to fd: Int32) -> FlushResult {
        while byteCount > 0 {
            let result: IOResult
            if case .file(let slice) = pieces[first] {
                result = Socket.sendFile(fd, from: slice.file.descriptor, offset: slice.offset + firstOffset,
                                         count: slice.count - firstOffset)
            } else {
                result = withIOVectors { vectors, fileFollows in Socket.write(fd, vectors: vectors, moreFollows: fileFollows) }
            }
            switch result {
            case .transferred(let count): consume(count)
            case .wouldBlock: return .blocked
            case .endOfStream, .failed: return .failed
            }
        }
        return .drained
    }

    public mutating func removeAll() {
        pieces.removeAll()
        first = 0
        firstOffset = 0
        byteCount = 0
    }

    /// At most this many buffers go into one `writev`.
    private static let maxVectors = 32

    /// The buffers from the first up to the next file (at most `maxVectors`), and whether a file
    /// follows them: then the kernel is told more is coming, so that a response's head and the
    /// file after it leave in full segments instead of a small one each.
    private func withIOVectors<Result>(_ body: (UnsafeBufferPointer<iovec>, _ fileFollows: Bool) -> Result) -> Result {
        var count = 0
        while first + count < pieces.count, count < Self.maxVectors, case .bytes = pieces[first + count] { count += 1 }
        let fileFollows = first + count < pieces.count && count < Self.maxVectors
        return withUnsafeTemporaryAllocation(of: iovec.self, capacity: count) { vectors in
            fill(vectors, index: 0, count: count) { body($0, fileFollows) }
        }
    }

    /// Pins buffer `index` and recurses, so that every pointer in `vectors` stays valid while
    /// `body` runs (an array's storage is only guaranteed stable inside `withUnsafeBytes`).
    private func fill<Result>(_ vectors: UnsafeMutableBufferPointer<iovec>, index: Int, count: Int,
                              _ body: (UnsafeBufferPointer<iovec>) -> Result) -> Result {
        guard index < count else { return body(UnsafeBufferPointer(vectors)) }
        guard case .bytes(let buffer) = pieces[first + index] else { preconditionFailure("only buffers are gathered") }
        return buffer.withUnsafeBytes { raw in
            let skip = index == 0 ? firstOffset : 0
            vectors[index] = iovec(iov_base: UnsafeMutableRawPointer(mutating: raw.baseAddress! + skip), iov_len: raw.count - skip)
            return fill(vectors, index: index + 1, count: count, body)
        }
    }

    private mutating func consume(_ written: Int) {
        byteCount -= written
        var remaining = written
        while remaining > 0 {
            let available = pieces[first].count - firstOffset
            if remaining >= available {
                remaining -= available
                first += 1
                firstOffset = 0
            } else {
                firstOffset += remaining
                remaining = 0
            }
        }
        if first == pieces.count {
            pieces.removeAll(keepingCapacity: pieces.capacity <= 64)
            first = 0
        } else if first >= 32 {
            pieces.removeFirst(first)
            first = 0
        }
    }
}
