import Store

/// The `attachment_parts` table (PostgreSQL only): the bytes of attachments on a shared database
/// (contract §8 and §12), in parts of `AttachmentParts.partBytes`, named by their SHA-256 like the
/// files of a data directory. Identical uploads share one set of parts. Writing the parts of a
/// digest and deleting them when no row names it take the same transaction-scoped advisory
/// lock, so an upload of the same bytes on another node never loses them between the check and
/// the delete.
enum AttachmentPartRows {
    /// Part of schema 14 on PostgreSQL.
    static let postgresSchemaSQL = """
        CREATE TABLE attachment_parts (
            sha256 TEXT COLLATE "C" NOT NULL,
            part INTEGER NOT NULL,
            bytes BYTEA NOT NULL,
            PRIMARY KEY (sha256, part)
        );
        """

    /// Until the transaction ends, no other transaction writes or deletes the parts of `sha256`.
    static func lock(_ sha256: String, in database: Database) throws {
        _ = try database.queryOne("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [.text(sha256)]) { _ in true }
    }

    /// Whether the parts of `sha256` are stored (the first one is written with the others).
    static func exist(_ sha256: String, in database: Database) throws -> Bool {
        try database.queryOne("SELECT 1 FROM attachment_parts WHERE sha256 = ? AND part = 0", [.text(sha256)]) { _ in true } ?? false
    }

    static func insert(_ sha256: String, part: Int, bytes: [UInt8], in database: Database) throws {
        try database.run("INSERT INTO attachment_parts (sha256, part, bytes) VALUES (?, ?, ?)",
                         [.text(sha256), .integer(Int64(part)), .blob(bytes)])
    }

    static func read(_ sha256: String, part: Int, in database: Database) throws -> [UInt8]? {
        try database.queryOne("SELECT bytes FROM attachment_parts WHERE sha256 = ? AND part = ?",
                              [.text(sha256), .integer(Int64(part))]) { $0.blob(0) ?? [] }
    }

    static func delete(_ sha256: String, in database: Database) throws {
        try database.run("DELETE FROM attachment_parts WHERE sha256 = ?", [.text(sha256)])
    }
}

/// The bytes of attachments kept in the database (a cluster on PostgreSQL), for the App's
/// storage of them: written inside the write that records an upload, read back part by part,
/// deleted with the last attachment that names them.
public enum AttachmentParts {
    /// The size of one stored part: a download reads one at a time.
    public static let partBytes = 1 << 20

    /// Stores the bytes of `sha256` unless they are stored already: `read(i)` gives part `i`
    /// (`partBytes` long, the last one shorter) of `count` parts.
    public static func store(_ sha256: String, parts count: Int, read: (Int) throws -> [UInt8], in database: any Database) throws {
        try AttachmentPartRows.lock(sha256, in: database)
        guard try !AttachmentPartRows.exist(sha256, in: database) else { return }
        for part in 0..<count {
            try AttachmentPartRows.insert(sha256, part: part, bytes: try read(part), in: database)
        }
    }

    /// Every digest the attachments of `database` name, once each: what `migrate-to` copies.
    public static func digests(in database: any Database) throws -> [String] {
        try database.queryAll("SELECT DISTINCT sha256 FROM attachments ORDER BY sha256") { $0.string(0) ?? "" }
    }

    /// Part `part` of the bytes of `sha256`, nil past the last one.
    public static func read(_ sha256: String, part: Int, in database: any Database) throws -> [UInt8]? {
        try AttachmentPartRows.read(sha256, part: part, in: database)
    }

    /// Deletes the bytes of `sha256` if no attachment names them (checked again under the lock).
    public static func removeUnreferenced(_ sha256: String, in database: any Database) throws {
        try AttachmentPartRows.lock(sha256, in: database)
        guard try !AttachmentRows.isReferenced(sha256, in: database) else { return }
        try AttachmentPartRows.delete(sha256, in: database)
    }
}
