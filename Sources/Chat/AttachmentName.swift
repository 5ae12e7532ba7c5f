/// The file name of an upload (`?name=`, contract §8): 1 to 255 characters (Unicode scalars), no
/// `/` or backslash, so no name is a path anywhere it is saved; no control characters (C0, DEL,
/// C1), which could end a header line or hide in a log; and no bidirectional controls (U+202A–
/// U+202E, U+2066–U+2069), with which `invoice‮fdp.exe` shows as `invoiceexe.pdf`.
public enum AttachmentName {
    public static let maxCharacters = 255

    public static func validate(_ name: String?) throws(ValidationError) -> String {
        guard let name, !name.isEmpty else {
            throw ValidationError(field: "name", message: "name (the file name) is required in the query string.")
        }
        guard name.utf8.count <= Validate.maxBytes(maxCharacters), name.unicodeScalars.count <= maxCharacters else {
            throw ValidationError(field: "name", message: "name must be 1 to \(maxCharacters) characters long.")
        }
        for scalar in name.unicodeScalars where !allowed(scalar) {
            throw ValidationError(field: "name", message: "name must not contain /, \\, control characters or bidirectional controls.")
        }
        return name
    }

    private static func allowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2F, 0x5C: false
        case 0x00...0x1F, 0x7F...0x9F: false
        case 0x202A...0x202E, 0x2066...0x2069: false
        default: true
        }
    }
}
