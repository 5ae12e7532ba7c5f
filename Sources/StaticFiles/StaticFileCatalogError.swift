/// Why a catalog could not be opened on a directory; lookups themselves never fail loudly, they
/// answer nil (404).
public enum StaticFileCatalogError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path does not exist (or a component of it cannot be searched).
    case rootNotFound(path: String)
    /// The path exists but is not a directory.
    case rootNotADirectory(path: String)
    /// The path resolves to a name that is not valid UTF-8, so request paths could not be
    /// matched against it.
    case rootNotUTF8(path: String)

    public var description: String {
        switch self {
        case .rootNotFound(let path): "public directory not found: \(path)"
        case .rootNotADirectory(let path): "public directory is not a directory: \(path)"
        case .rootNotUTF8(let path): "public directory resolves to a name that is not UTF-8: \(path)"
        }
    }
}
