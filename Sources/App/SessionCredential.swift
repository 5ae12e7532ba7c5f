import Auth

/// What a realtime session keeps of the token its hello verified, so that the connection ends
/// when the token stops being honoured (contract §2): its time is up (`token_expired`), or the
/// website's secret was rotated since (`unauthorized`, as REST answers 401 at once). Both close
/// with 4401; the session asks once a second.
struct SessionCredential: Sendable {
    let token: VerifiedToken
    /// The website secret that verified the token.
    let secret: String

    /// Why the session must end now, or nil while the token is still good.
    func refusal(now: Int64, in app: AppContext) -> APIError? {
        if token.isExpired(at: now, leeway: app.tokens.verifier.leeway) { return .tokenExpired }
        // Both sides are the server's own secrets, neither comes from the client: a plain
        // comparison reveals nothing. The directory follows rotations made by other processes
        // within a second.
        guard app.directory.secret(for: token.websiteID) == secret else { return .secretRotated }
        return nil
    }
}

extension APIError {
    static let tokenExpired = APIError(.unauthorized, "token_expired", "The token expired; connect again with a new one.")
    static let secretRotated = APIError(.unauthorized, "unauthorized",
                                        "The website's secret was rotated; connect again with a token signed with the new one.")
}
