extension SQLiteStore {
    /// The schema version of the database file in `configuration.directory`, read without
    /// opening the store: opening runs the pending migrations, and a command that must not change
    /// the file (`webchat migrate-to`, which copies it as it stands) first asks what it holds.
    /// Throws the `SQLiteError` of a file that is missing or unreadable.
    public static func schemaVersion(of configuration: StoreConfiguration) throws -> Int {
        try configuration.validate()
        let database = try SQLiteDatabase(path: configuration.databasePath, access: .readOnly, configuration: configuration, vfs: nil)
        defer { database.close() }
        return try database.userVersion()
    }
}
