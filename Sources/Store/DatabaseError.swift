/// An error a backend's database reported for a statement, classified the same way on every
/// backend, so that the domain can answer a broken rule (a duplicate) without knowing which
/// database runs. `SQLiteError` and `PostgresError` conform.
public protocol DatabaseError: Error {
    /// A unique index or primary key refused the row: usually a duplicate the caller should be
    /// told about (409) rather than a fault.
    var isUniqueViolation: Bool { get }
}

/// Whether `error` is a unique violation, whichever backend reported it.
public func isUniqueViolation(_ error: any Error) -> Bool {
    (error as? any DatabaseError)?.isUniqueViolation == true
}
