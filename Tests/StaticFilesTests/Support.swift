import CZlib
import Foundation
import Synchronization
import TestSupport
@testable import StaticFiles

/// A scratch directory that lives as long as its suite.
///
/// Suites are classes that hold one as a property, so it outlives every lookup of a test: a local
/// whose last use is `.path` may be released (and the directory removed) before the lookup runs.
final class SuiteDirectory {
    private let directory: TemporaryDirectory

    var path: String { directory.path }

    init() throws {
        directory = try TemporaryDirectory("staticfiles")
    }

    deinit {
        directory.remove()
    }

    /// Writes a file (creating its directories) and returns its absolute path.
    @discardableResult
    func write(_ relative: String, _ contents: [UInt8]) throws -> String {
        try directory.write(relative, contents)
    }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        try directory.write(relative, text)
    }

    func makeDirectory(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: path + "/" + relative, withIntermediateDirectories: true)
    }

    func symlink(_ relative: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path + "/" + relative, withDestinationPath: target)
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: path + "/" + relative)
    }
}

/// A clock the test moves by hand, so revalidation is tested without sleeping.
final class ManualClock: Sendable {
    private let milliseconds = Mutex<Int64>(0)

    func advance(by step: Int64) {
        milliseconds.withLock { $0 += step }
    }

    var now: Int64 { milliseconds.withLock { $0 } }
}

extension StaticFileCatalog {
    /// A catalog whose time is `clock`.
    convenience init(root: String, clock: ManualClock, limits: CacheLimits = .standard) throws {
        try self.init(root: root, limits: limits, clock: { clock.now })
    }
}

/// Bytes that gzip shrinks a lot.
func compressibleText(_ line: String = "function greet(name) { return 'Hello, ' + name; }\n") -> [UInt8] {
    Array(String(repeating: line, count: 200).utf8)
}

/// Bytes that gzip cannot shrink.
func incompressibleBytes(count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
}

/// Decompresses a gzip stream with zlib, independently of the code under test.
func gunzip(_ compressed: [UInt8]) -> [UInt8]? {
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    defer { stream.deallocate() }
    guard inflateInit2_(stream, 31, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
    defer { inflateEnd(stream) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 16 * 1024)
    var input = compressed
    return input.withUnsafeMutableBufferPointer { source -> [UInt8]? in
        stream.pointee.next_in = source.baseAddress
        stream.pointee.avail_in = uInt(source.count)
        while true {
            let status = chunk.withUnsafeMutableBufferPointer { buffer in
                stream.pointee.next_out = buffer.baseAddress
                stream.pointee.avail_out = uInt(buffer.count)
                return inflate(stream, Z_NO_FLUSH)
            }
            output += chunk[0..<(chunk.count - Int(stream.pointee.avail_out))]
            if status == Z_STREAM_END { return output }
            guard status == Z_OK else { return nil }
        }
    }
}

/// Creates a file whose name may not be valid UTF-8 (which `String` paths cannot express).
func createFile(atRawPath path: [UInt8], contents: String) throws {
    let descriptor = try withCPath(path) { open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
    defer { close(descriptor) }
    let bytes = Array(contents.utf8)
    guard write(descriptor, bytes, bytes.count) == bytes.count else { throw POSIXError(.EIO) }
}

/// Creates a symlink whose name or target may not be valid UTF-8.
func createSymlink(atRawPath link: [UInt8], to target: [UInt8]) throws {
    _ = try withCPath(target) { targetName in try withCPath(link) { symlink(targetName, $0) } }
}

/// Calls a C function with a NUL-terminated copy of raw path bytes; a negative result throws.
private func withCPath(_ path: [UInt8], _ body: (UnsafePointer<CChar>) throws -> Int32) throws -> Int32 {
    let result = try (path + [0]).withUnsafeBytes { bytes in
        try body(bytes.baseAddress!.assumingMemoryBound(to: CChar.self))
    }
    guard result >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    return result
}

func realpathString(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}
