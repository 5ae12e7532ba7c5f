import Postgres

/// The transaction commands only the store may run. Work receives a connection already inside
/// the store's transaction: a job running COMMIT would commit other callers' writes before they
/// are acknowledged, and a ROLLBACK would silently drop them, so callers' SQL is checked for them
/// (`refuseTransactionControl`) and only the store's own commands bypass the check.
enum TransactionCommand {
    case beginWrite
    case beginRead
    case commit
    case rollback
    case savepoint
    case releaseSavepoint
    case rollbackToSavepoint

    /// The savepoint the writer wraps each job in. Reserved: jobs may not create, release or roll
    /// back a savepoint of this name; savepoints of their own are fine.
    static let jobSavepoint = "webchat_store_job"

    var sql: String {
        switch self {
        // Explicit, whatever the server's default: the log's counter row relies on a READ
        // COMMITTED update seeing the row another node just committed.
        case .beginWrite: "BEGIN ISOLATION LEVEL READ COMMITTED"
        // One snapshot for every query of a read.
        case .beginRead: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        case .commit: "COMMIT"
        case .rollback: "ROLLBACK"
        case .savepoint: "SAVEPOINT \(Self.jobSavepoint)"
        case .releaseSavepoint: "RELEASE SAVEPOINT \(Self.jobSavepoint)"
        case .rollbackToSavepoint: "ROLLBACK TO SAVEPOINT \(Self.jobSavepoint)"
        }
    }
}

extension NumberedSQL {
    /// Throws when a statement of the text would end the store's transaction or touch its
    /// savepoint. Checked on the tokens, so a keyword inside a comment or a string is no command.
    func refuseTransactionControl() throws(PostgresError) {
        var statement: [SQLToken.Kind] = []
        for token in tokens {
            if token.kind == .semicolon {
                try Self.refuse(statement)
                statement.removeAll()
            } else if statement.count < 4 {
                statement.append(token.kind)
            }
        }
        try Self.refuse(statement)
    }

    private static func refuse(_ statement: [SQLToken.Kind]) throws(PostgresError) {
        guard case .word(let first) = statement.first else { return }
        let refused: Bool
        switch first {
        case "begin", "commit", "end", "abort", "start":
            refused = true
        case "prepare":
            refused = statement.dropFirst().first == .word("transaction")
        case "rollback":
            // ROLLBACK TO [SAVEPOINT] name undoes part of the transaction, which callers may do
            // with savepoints of their own; any other ROLLBACK ends the transaction.
            refused = statement.dropFirst().first != .word("to") || namesJobSavepoint(statement.dropFirst(2))
        case "savepoint", "release":
            refused = namesJobSavepoint(statement.dropFirst())
        default:
            refused = false
        }
        if refused {
            throw PostgresError(sqlState: "2D000",
                                message: "transaction control belongs to the store: work may not begin or end its transaction, "
                                    + "nor use the savepoint \(TransactionCommand.jobSavepoint)")
        }
    }

    /// Whether `rest` (after SAVEPOINT, RELEASE or ROLLBACK TO) names the store's savepoint.
    private static func namesJobSavepoint(_ rest: ArraySlice<SQLToken.Kind>) -> Bool {
        let name = rest.first == .word("savepoint") ? rest.dropFirst().first : rest.first
        switch name {
        case .word(let word): return word == TransactionCommand.jobSavepoint
        case .quotedIdentifier(let identifier): return identifier == TransactionCommand.jobSavepoint
        default: return false
        }
    }
}
