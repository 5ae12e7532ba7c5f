/// JPEG (ITU T.81 Annex B): SOI, then marker segments up to the frame header (SOF), which holds
/// the height and width.
enum JPEGHeader {
    /// Walks the markers after SOI, skipping each segment by its length, to the first SOF0–SOF15
    /// (0xC0–0xCF but DHT 0xC4, JPG 0xC8 and DAC 0xCC, which share the range). Fill bytes (0xFF
    /// repeated before a marker) are skipped and the standalone markers RST0–7, SOI and TEM carry
    /// no length. Scan data (SOS) or EOI before any SOF, a byte other than 0xFF where a marker
    /// belongs, or a segment length under 2 is malformed. Each step moves forward, so the walk
    /// ends within the bytes given.
    static func dimensions(_ bytes: Bytes) -> (width: Int, height: Int)? {
        var offset = 2
        while true {
            guard bytes.byte(at: offset) == 0xFF else { return nil }
            while bytes.byte(at: offset) == 0xFF { offset += 1 }
            guard let marker = bytes.byte(at: offset) else { return nil }
            offset += 1
            switch marker {
            case 0xD0...0xD7, 0xD8, 0x01:
                continue
            case 0xC0...0xCF where marker != 0xC4 && marker != 0xC8 && marker != 0xCC:
                return frameHeader(bytes, at: offset)
            case 0x00, 0xD9, 0xDA:
                // 0x00 is a stuffed byte in scan data, never a marker.
                return nil
            default:
                guard let length = bytes.bigEndian(2, at: offset), length >= 2 else { return nil }
                offset += length
            }
        }
    }

    /// The frame header after its marker: length, sample precision, number of lines (height),
    /// samples per line (width), number of components, then 3 bytes per component, all of which
    /// the length must cover. A height of 0 means a later DNL segment gives it, which would need
    /// the scan data to find, so it counts as no dimensions.
    private static func frameHeader(_ bytes: Bytes, at offset: Int) -> (width: Int, height: Int)? {
        guard let length = bytes.bigEndian(2, at: offset), let components = bytes.byte(at: offset + 7),
              components >= 1, length == 8 + 3 * Int(components),
              let height = bytes.bigEndian(2, at: offset + 3), let width = bytes.bigEndian(2, at: offset + 5)
        else { return nil }
        return (width, height)
    }
}
