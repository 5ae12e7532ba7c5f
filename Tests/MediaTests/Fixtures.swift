import TestSupport

/// The committed files under Fixtures/ (made by Fixtures/make-fixtures.py), every image 37 × 21.
enum Fixture: String, CaseIterable {
    case png = "image.png"
    case gif87a = "image-87a.gif"
    case gif89a = "image-89a.gif"
    case baselineJPEG = "baseline.jpg"
    case progressiveJPEG = "progressive.jpg"
    case exifJPEG = "exif.jpg"
    case lossyWebP = "lossy.webp"
    case losslessWebP = "lossless.webp"
    case extendedWebP = "extended.webp"
    case pdf = "document.pdf"
    case text = "text.txt"

    static let directory = "/" + #filePath.split(separator: "/").dropLast().joined(separator: "/") + "/Fixtures"
    static let images: [Fixture] = allCases.filter { $0 != .pdf && $0 != .text }

    func bytes() throws -> [UInt8] {
        try readFile(Self.directory + "/" + rawValue)
    }
}
