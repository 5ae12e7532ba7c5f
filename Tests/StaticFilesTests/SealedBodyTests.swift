import EventLoop
import Glibc
import Testing
@testable import StaticFiles

/// Bodies of 16 KiB or more are also kept in a sealed memfd, which the server sends with
/// sendfile: the same bytes, unchangeable, and counted against the cache's memory bound.
@Suite("Sealed copies of large bodies")
final class SealedBodyTests {
    let directory: SuiteDirectory

    init() throws {
        directory = try SuiteDirectory()
    }

    /// What the memfd behind `slice` holds.
    static func bytes(of slice: FileSlice) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: slice.count)
        let read = bytes.withUnsafeMutableBytes { pread(slice.file.descriptor, $0.baseAddress, $0.count, off_t(slice.offset)) }
        return read == slice.count ? bytes : []
    }

    @Test func largeBodiesHaveASealedCopyAndSmallOnesDoNot() throws {
        let large = (0..<40_000).map { UInt8(truncatingIfNeeded: $0 &* 7 >> 3) }
        try directory.write("large.bin", large)
        try directory.write("small.bin", [UInt8](repeating: 1, count: SealedBody.minimumBytes - 1))
        let catalog = try StaticFileCatalog(root: directory.path)
        let file = try #require(catalog.lookup("/large.bin"))
        let sealed = try #require(file.representation(acceptEncoding: nil).sealedBody)
        #expect(Self.bytes(of: sealed) == large)
        // Nothing can change the bytes a response promised.
        #expect(pwrite(sealed.file.descriptor, [0x00], 1, 0) == -1)
        #expect(ftruncate(sealed.file.descriptor, 10) == -1)
        #expect(catalog.cachedBytes == large.count * 2)
        #expect(try #require(catalog.lookup("/small.bin")).representation(acceptEncoding: nil).sealedBody == nil)
    }

    @Test func aLargeGzipBodyHasItsOwnSealedCopy() throws {
        var text = ""
        var state: UInt64 = 1
        while text.utf8.count < 200_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1
            text += "line \(state >> 40)\n"
        }
        try directory.write("big.txt", text)
        let file = try #require(try StaticFileCatalog(root: directory.path).lookup("/big.txt"))
        let gzipped = file.representation(acceptEncoding: "gzip")
        let sealed = try #require(gzipped.sealedBody)
        #expect(gzipped.body.count >= SealedBody.minimumBytes)
        #expect(Self.bytes(of: sealed) == gzipped.body)
        #expect(Self.bytes(of: try #require(file.representation(acceptEncoding: nil).sealedBody)) == Array(text.utf8))
    }
}
