import Glibc

/// Bytes waiting to go out on one connection, as a queue of whole buffers: a buffer shared by many
/// connections (a static file, a broadcast frame) is queued by reference and never copied.
/// `flush` writes as many buffers as fit with one `writev`.
public struct OutboundQueue: Sendable {
    private var buffers: [[UInt8]] = []
    private var first = 0
    private var firstOffset = 0
    public private(set) var byteCount = 0

    public init() {}

    public var isEmpty: Bool { byteCount == 0 }

    public mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        buffers.append(bytes)
        byteCount += bytes.count
    }

    public enum FlushResult: Equatable, Sendable {
        /// Everything was written.
        case drained
        /// The socket buffer is full; wait until the socket is writable.
        case blocked
        /// The peer is gone or the socket failed.
        case failed
    }

    /// Writes until the queue is empty or the socket refuses more.
    public mutating func flush(to fd: Int32) -> FlushResult {
        while byteCount > 0 {
            let result = withIOVectors { Socket.write(fd, vectors: $0) }
            switch result {
            case .transferred(let count): consume(count)
            case .wouldBlock: return .blocked
            case .endOfStream, .failed: return .failed
            }
        }
        return .drained
    }

    public mutating func removeAll() {
        buffers.removeAll()
        first = 0
        firstOffset = 0
        byteCount = 0
    }

    /// At most this many buffers go into one `writev`.
    private static let maxVectors = 32

    private func withIOVectors<Result>(_ body: (UnsafeBufferPointer<iovec>) -> Result) -> Result {
        let count = min(buffers.count - first, Self.maxVectors)
        return withUnsafeTemporaryAllocation(of: iovec.self, capacity: count) { vectors in
            fill(vectors, index: 0, count: count, body)
        }
    }

    /// Pins buffer `index` and recurses, so that every pointer in `vectors` stays valid while
    /// `body` runs (an array's storage is only guaranteed stable inside `withUnsafeBytes`).
    private func fill<Result>(_ vectors: UnsafeMutableBufferPointer<iovec>, index: Int, count: Int,
                              _ body: (UnsafeBufferPointer<iovec>) -> Result) -> Result {
        guard index < count else { return body(UnsafeBufferPointer(vectors)) }
        return buffers[first + index].withUnsafeBytes { raw in
            let skip = index == 0 ? firstOffset : 0
            vectors[index] = iovec(iov_base: UnsafeMutableRawPointer(mutating: raw.baseAddress! + skip), iov_len: raw.count - skip)
            return fill(vectors, index: index + 1, count: count, body)
        }
    }

    private mutating func consume(_ written: Int) {
        byteCount -= written
        var remaining = written
        while remaining > 0 {
            let available = buffers[first].count - firstOffset
            if remaining >= available {
                remaining -= available
                first += 1
                firstOffset = 0
            } else {
                firstOffset += remaining
                remaining = 0
            }
        }
        if first == buffers.count {
            buffers.removeAll(keepingCapacity: buffers.capacity <= 64)
            first = 0
        } else if first >= 32 {
            buffers.removeFirst(first)
            first = 0
        }
    }
}
