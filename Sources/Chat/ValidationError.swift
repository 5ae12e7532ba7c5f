/// A field of a request that is missing, unknown or out of range. The API answers it with 400 and
/// the field's name, so a client can tell exactly what to fix.
public struct ValidationError: Error, Equatable, Sendable {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}
