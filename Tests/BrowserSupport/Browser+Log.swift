extension Browser {
    /// Everything the pages of this browser wrote to the console so far, uncaught errors included,
    /// oldest first, as "LEVEL text" lines (levels: DEBUG, INFO, WARNING, SEVERE).
    public func browserLog() throws(BrowserError) -> [String] {
        let entries = try command("POST", "/se/log", ["type": "browser"])
        let lines = (entries.arrayValue ?? []).map { entry in
            "\(entry["level"]?.stringValue ?? "?") \(entry["message"]?.stringValue ?? entry.description)"
        }
        return collectedLog.withLock { collected in
            collected.append(contentsOf: lines)
            return collected
        }
    }
}
