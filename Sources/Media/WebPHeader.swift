/// WebP (RFC 9649): `RIFF` size `WEBP`, then the first chunk, `VP8 ` (lossy), `VP8L` (lossless)
/// or `VP8X` (extended), whose header holds the canvas size. Multi-byte fields are little-endian.
enum WebPHeader {
    static func dimensions(_ bytes: Bytes) -> (width: Int, height: Int)? {
        guard let chunkSize = bytes.littleEndian(4, at: 16) else { return nil }
        if bytes.matches(Array("VP8 ".utf8), at: 12) { return lossy(bytes, chunkSize: chunkSize) }
        if bytes.matches(Array("VP8L".utf8), at: 12) { return lossless(bytes, chunkSize: chunkSize) }
        if bytes.matches(Array("VP8X".utf8), at: 12) { return extended(bytes, chunkSize: chunkSize) }
        return nil
    }

    /// A VP8 key frame (RFC 6386 §9.1): a 3-byte frame tag (bit 0 clear for a key frame, a version
    /// of 0–3, the show-frame bit set), the start code 9D 01 2A, then 14-bit width and height
    /// whose top 2 bits are a scale the decoder applies later and are not part of the size.
    private static func lossy(_ bytes: Bytes, chunkSize: Int) -> (width: Int, height: Int)? {
        guard chunkSize >= 10, let tag = bytes.byte(at: 20), tag & 1 == 0, tag >> 1 & 7 <= 3, tag >> 4 & 1 == 1,
              bytes.matches([0x9D, 0x01, 0x2A], at: 23),
              let width = bytes.littleEndian(2, at: 26), let height = bytes.littleEndian(2, at: 28)
        else { return nil }
        return (width & 0x3FFF, height & 0x3FFF)
    }

    /// A VP8L header: the signature byte 0x2F, then 14 bits of width − 1, 14 of height − 1, one
    /// alpha hint and a 3-bit version that must be 0.
    private static func lossless(_ bytes: Bytes, chunkSize: Int) -> (width: Int, height: Int)? {
        guard chunkSize >= 5, bytes.byte(at: 20) == 0x2F, let fields = bytes.littleEndian(4, at: 21), fields >> 29 == 0
        else { return nil }
        return ((fields & 0x3FFF) + 1, (fields >> 14 & 0x3FFF) + 1)
    }

    /// A VP8X chunk, always 10 bytes: flags, 3 reserved bytes, then 24 bits each of canvas
    /// width − 1 and height − 1.
    private static func extended(_ bytes: Bytes, chunkSize: Int) -> (width: Int, height: Int)? {
        guard chunkSize == 10, let width = bytes.littleEndian(3, at: 24), let height = bytes.littleEndian(3, at: 27)
        else { return nil }
        return (width + 1, height + 1)
    }
}
