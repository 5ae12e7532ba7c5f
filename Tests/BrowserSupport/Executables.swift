import Glibc

/// The full path of the program `name` found on `PATH`, or nil when it is not installed.
///
/// `posix_spawn` (behind `ChildProcess`) does not search `PATH`, and the browser, its driver and
/// helper programs live in different places on different machines.
public func findExecutable(_ name: String) -> String? {
    guard let path = getenv("PATH").map({ String(cString: $0) }) else { return nil }
    for directory in path.split(separator: ":") {
        let candidate = "\(directory)/\(name)"
        if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
}
