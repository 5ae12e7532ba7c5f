/// An image's width and height in pixels, read from its header and never from its pixel data:
/// nothing is decompressed, so a small file that would expand to gigabytes costs no more to read
/// than any other.
public struct ImageDimensions: Sendable, Equatable, CustomStringConvertible {
    /// The largest width or height accepted. GIF and JPEG cannot exceed it and WebP's lossy and
    /// lossless headers stop at 16,384; PNG and WebP's extended header could go to billions, which no
    /// real attachment has, so such a header is taken for malformed (or hostile) rather than
    /// believed.
    public static let maxSide = 65_535

    public let width: Int
    public let height: Int

    public var description: String { "\(width)×\(height)" }

    /// Reads the dimensions of the image whose first bytes are `bytes`; `nil` when the bytes are
    /// not a PNG, JPEG, GIF or WebP file, when its header is malformed or ends before the
    /// dimensions, or when a side is 0 or over `maxSide`.
    ///
    /// The bytes needed: PNG 33 (the signature and the whole IHDR chunk with its CRC), GIF 10,
    /// WebP 30, JPEG everything up to the end of the frame header (SOF), which follows the
    /// metadata segments (EXIF, ICC profiles) and so may lie beyond the 64 KiB the upload route
    /// passes; such a JPEG gets no dimensions.
    public init?(reading bytes: [UInt8]) {
        let view = Bytes(bytes: bytes)
        let sides: (width: Int, height: Int)?
        switch MediaKind(signatureOf: bytes) {
        case .png: sides = PNGHeader.dimensions(view)
        case .jpeg: sides = JPEGHeader.dimensions(view)
        case .gif: sides = GIFHeader.dimensions(view)
        case .webp: sides = WebPHeader.dimensions(view)
        case .pdf, .unknown: sides = nil
        }
        guard let sides, Self.isPlausible(sides.width), Self.isPlausible(sides.height) else { return nil }
        width = sides.width
        height = sides.height
    }

    private static func isPlausible(_ side: Int) -> Bool {
        side >= 1 && side <= maxSide
    }
}
