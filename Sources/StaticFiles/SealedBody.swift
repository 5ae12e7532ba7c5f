import EventLoop
import Logging

/// Large prepared bodies are also kept in a sealed memfd and sent from it with `sendfile`: for
/// them the copy of the bytes from this process into the socket costs more than the extra system
/// call (docs/BENCHMARKS.md, "Known gap: large files": a 40 KB file was 0.86–1.01× nginx with
/// `writev`). Smaller bodies go out in one `writev` with their head, which is cheaper.
enum SealedBody {
    static let minimumBytes = 16 * 1024

    /// The sealed copy of `bytes`, or nil when they are small, or when no memfd could be made
    /// (logged; the body is then sent from memory, which is only slower).
    static func make(_ bytes: [UInt8], logger: Logger) -> FileSlice? {
        guard bytes.count >= minimumBytes else { return nil }
        do {
            return FileSlice(file: try SharedFile.sealed(bytes, name: "webchat-static"), count: bytes.count)
        } catch {
            logger.failure("a static file's sealed copy could not be made; it is sent from memory", error, level: .warning)
            return nil
        }
    }
}
