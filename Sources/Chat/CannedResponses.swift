import Clock
import Store

/// The canned responses of websites (contract §10). Agents, bots and admins read them; only an
/// admin changes them, since they speak for the whole website.
public struct CannedResponses: Sendable {
    let store: any Store

    /// At most this many per website: each is read whole by every sidebar's picker.
    public static let maxPerWebsite = 1000
    public static let maxListed = 200

    public init(store: any Store) {
        self.store = store
    }

    /// The website's responses whose shortcut starts with `prefix` (every one for ""), in
    /// shortcut order.
    public func list(websiteID: String, prefix: String, limit: Int = maxListed) async throws -> [CannedResponse] {
        try await store.read { database in
            try CannedResponseRows.list(websiteID: websiteID, prefix: prefix, limit: limit, in: database)
        }
    }

    public func create(_ changes: CannedResponseChanges, websiteID: String) async throws -> CannedResponse {
        let now = Timestamp.now()
        let response = CannedResponse(id: Identifier.make(prefix: "cr_"), websiteID: websiteID, shortcut: changes.shortcut ?? "",
                                      title: changes.title ?? "", text: changes.text ?? "", createdAt: now, updatedAt: now)
        return try await answeringDuplicates(response.shortcut) {
            try await store.write { database in
                guard try CannedResponseRows.count(websiteID: websiteID, in: database) < Self.maxPerWebsite else {
                    throw ChatError.conflict("A website keeps at most \(Self.maxPerWebsite) canned responses; delete one first.")
                }
                try CannedResponseRows.insert(response, in: database)
                return response
            }
        }
    }

    /// Nil when the website has no such response.
    public func update(_ id: String, _ changes: CannedResponseChanges, websiteID: String) async throws -> CannedResponse? {
        try await answeringDuplicates(changes.shortcut ?? "") {
            try await store.write { database in
                guard var response = try CannedResponseRows.find(id, websiteID: websiteID, locking: true, in: database) else { return nil }
                if let shortcut = changes.shortcut { response.shortcut = shortcut }
                if let title = changes.title { response.title = title }
                if let text = changes.text { response.text = text }
                response.updatedAt = Timestamp(milliseconds: max(Timestamp.now().milliseconds, response.updatedAt.milliseconds + 1))
                try CannedResponseRows.update(response, in: database)
                return response
            }
        }
    }

    /// False when the website has no such response.
    public func delete(_ id: String, websiteID: String) async throws -> Bool {
        try await store.write { database in try CannedResponseRows.delete(id, websiteID: websiteID, in: database) }
    }

    /// A shortcut the website has already is a conflict for the caller (409), found by the unique
    /// index whichever backend reports it.
    private func answeringDuplicates<T>(_ shortcut: String, _ write: () async throws -> T) async throws -> T {
        do {
            return try await write()
        } catch where isUniqueViolation(error) {
            throw ChatError.conflict("The website has a canned response with the shortcut \(shortcut) already.")
        }
    }
}
