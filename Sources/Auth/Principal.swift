/// What a principal may do within its website (contract §1). The raw values are the spelling
/// of the token's `role` claim.
public enum Role: String, Sendable, CaseIterable {
    /// An end user chatting from a site; sees only their own chats.
    case visitor
    /// Support staff or a host app's user; sees every chat inside their scope.
    case agent
    /// An automated responder; sees what an agent sees.
    case bot
    /// Manages the website; sees everything in it.
    case admin
}

/// Who is calling, as established by a verified token: the token's `sub`, `role`, `name` and
/// `email` claims.
public struct Principal: Sendable, Hashable {
    public let id: String
    public let role: Role
    public let name: String?
    public let email: String?

    public init(id: String, role: Role, name: String? = nil, email: String? = nil) {
        self.id = id
        self.role = role
        self.name = name
        self.email = email
    }
}
