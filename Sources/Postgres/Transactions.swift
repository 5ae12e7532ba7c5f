import CLibPQ

extension PostgresConnection {
    /// Whether a transaction block is open (`.inFailedTransaction` after an error inside one:
    /// the server ignores everything until ROLLBACK).
    public enum TransactionState: Sendable {
        case idle, inTransaction, inFailedTransaction, unknown
    }

    public var transactionState: TransactionState {
        switch PQtransactionStatus(handle) {
        case PQTRANS_IDLE: .idle
        case PQTRANS_INTRANS: .inTransaction
        case PQTRANS_INERROR: .inFailedTransaction
        default: .unknown
        }
    }

    public func begin() throws(PostgresError) {
        try execute("BEGIN")
    }

    /// Commits, or throws when the server rolled back instead: COMMIT in a failed transaction
    /// "succeeds" with the tag ROLLBACK, and treating that as a commit would lose writes silently.
    public func commit() throws(PostgresError) {
        let status = try execute("COMMIT").commandStatus
        guard status == "COMMIT" else {
            throw PostgresError(message: "COMMIT ended in \(status): an earlier statement of the transaction failed")
        }
    }

    public func rollback() throws(PostgresError) {
        try execute("ROLLBACK")
    }

    /// Runs `body` inside BEGIN ... COMMIT. When `body` throws, the transaction is rolled back and
    /// the error rethrown as it is; a rollback that fails too is logged, since the error the
    /// caller sees is the first one.
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try begin()
        let value: T
        do {
            value = try body(self)
        } catch {
            do {
                try rollback()
            } catch let rollbackFailure {
                logger.failure("rollback after a failed transaction failed", rollbackFailure,
                               ["target": target.description, "after": "\(error)"])
            }
            throw error
        }
        try commit()
        return value
    }
}
