import Glibc

/// A node's data directory: the SQLite database, the operator key, the demo website's file.
/// Private to the server's user, because these hold secrets.
package enum DataDirectory {
    /// Creates `path` and its missing parents with mode 0700. An existing directory is used as
    /// it is; an existing file in the way is an error.
    package static func create(_ path: String) throws(StoreError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += component
            if mkdir(prefix, 0o700) != 0 {
                let failure = errno
                guard failure == EEXIST else { throw .directoryUnavailable(path: prefix, errno: failure) }
                guard isDirectory(prefix) else { throw .directoryUnavailable(path: prefix, errno: ENOTDIR) }
            }
            prefix += "/"
        }
    }

    /// Creates the database file with mode 0600 when it does not exist yet; SQLite gives its log
    /// files the same mode. Left to SQLite, the file would be readable by everyone under the
    /// usual umask. A failure here resurfaces as SQLite's own, clearer, open error.
    package static func createPrivateFile(_ path: String) {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if descriptor >= 0 { close(descriptor) }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var information = stat()
        return stat(path, &information) == 0 && information.st_mode & S_IFMT == S_IFDIR
    }
}
