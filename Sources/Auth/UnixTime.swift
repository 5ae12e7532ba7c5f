import Glibc

/// The wall-clock time in whole seconds since the Unix epoch, the unit of the `exp`, `nbf` and
/// `iat` token claims.
public func currentUnixTime() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec)
}
