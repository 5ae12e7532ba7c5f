/// GIF (87a and 89a): the 6-byte signature, then the logical screen descriptor.
enum GIFHeader {
    /// The logical screen width and height, little-endian 16-bit at bytes 6 and 8. The screen is
    /// the canvas every frame is drawn on, so it is the size a viewer shows.
    static func dimensions(_ bytes: Bytes) -> (width: Int, height: Int)? {
        guard let width = bytes.littleEndian(2, at: 6), let height = bytes.littleEndian(2, at: 8) else { return nil }
        return (width, height)
    }
}
