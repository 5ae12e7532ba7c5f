import Store
import CSQLite
import Glibc

/// The transaction commands only the store may run (see `SQLiteDatabase.perform`).
enum TransactionCommand: Hashable {
    case beginImmediate
    case beginDeferred
    case commit
    case rollback
    case savepoint
    case releaseSavepoint
    case rollbackToSavepoint

    /// The savepoint the writer wraps each job in. Reserved: jobs may not create, release or roll
    /// back a savepoint of this name.
    static let jobSavepoint = "store_job"

    var sql: String {
        switch self {
        case .beginImmediate: "BEGIN IMMEDIATE"
        case .beginDeferred: "BEGIN DEFERRED"
        case .commit: "COMMIT"
        case .rollback: "ROLLBACK"
        case .savepoint: "SAVEPOINT \(TransactionCommand.jobSavepoint)"
        case .releaseSavepoint: "RELEASE \(TransactionCommand.jobSavepoint)"
        case .rollbackToSavepoint: "ROLLBACK TO \(TransactionCommand.jobSavepoint)"
        }
    }
}

extension SQLiteDatabase {
    /// Installs an authorizer that refuses, at prepare time, any statement of a caller that would
    /// end the store's transaction or touch its savepoint: a job running COMMIT would commit the
    /// writes of other callers before they are acknowledged, and a ROLLBACK would silently drop
    /// them. The authorizer runs only when a statement is prepared, so it costs nothing per step.
    func installTransactionGuard() {
        let context = Unmanaged.passUnretained(self).toOpaque()
        // The context is unretained: the authorizer only runs during a prepare on this very
        // connection, which the SQLiteDatabase outlives (it closes the connection in deinit).
        sqlite3_set_authorizer(handle, { context, action, operation, name, _, _ in
            guard let context else { return SQLITE_OK }
            let database = Unmanaged<SQLiteDatabase>.fromOpaque(context).takeUnretainedValue()
            return database.authorize(action: action, savepointName: name)
        }, context)
    }

    private func authorize(action: Int32, savepointName: UnsafePointer<CChar>?) -> Int32 {
        guard !allowsTransactionControl else { return SQLITE_OK }
        switch action {
        case SQLITE_TRANSACTION:
            return SQLITE_DENY
        case SQLITE_SAVEPOINT:
            guard let savepointName else { return SQLITE_OK }
            return strcasecmp(savepointName, TransactionCommand.jobSavepoint) == 0 ? SQLITE_DENY : SQLITE_OK
        default:
            return SQLITE_OK
        }
    }
}
