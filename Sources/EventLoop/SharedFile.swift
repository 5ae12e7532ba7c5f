import Threads
import CPlatform
import Glibc

/// An open file that responses send from with `sendfile(2)`, without its bytes passing through
/// this process's memory: a static file's sealed memfd, shared by every response that sends it,
/// or a file opened for one download. Closed when the last response that holds it is done.
public final class SharedFile: Sendable {
    public let descriptor: Int32

    /// Takes ownership of `descriptor`, which must stay as long as promised to every response
    /// that sends it (the file must not shrink: a response's length was announced before).
    public init(adopting descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// A memfd holding `bytes`, sealed so that nothing can change or resize it: a response may
    /// promise its length however long it takes to send.
    public static func sealed(_ bytes: [UInt8], name: String) throws(SystemError) -> SharedFile {
        let descriptor = bytes.withUnsafeBytes { cplatform_sealed_memfd(name, $0.baseAddress, $0.count) }
        guard descriptor >= 0 else { throw SystemError("memfd_create") }
        return SharedFile(adopting: descriptor)
    }
}

/// `count` bytes of a shared file from `offset`: a response body that is sent from a file.
public struct FileSlice: Sendable {
    public let file: SharedFile
    public let offset: Int
    public let count: Int

    public init(file: SharedFile, offset: Int = 0, count: Int) {
        self.file = file
        self.offset = offset
        self.count = count
    }
}
