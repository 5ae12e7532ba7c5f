import Threads
import Glibc

/// The process's limit of open descriptors (`RLIMIT_NOFILE`). Every connection is one; the
/// default soft limit (often 1024) would refuse connections long before `--max-connections`.
public enum OpenFileLimit {
    /// The soft and hard limits now.
    public static func current() throws(SystemError) -> (soft: UInt64, hard: UInt64) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { throw SystemError("getrlimit") }
        return (UInt64(limit.rlim_cur), UInt64(limit.rlim_max))
    }

    /// Raises the soft limit to `wanted`, or as far as the hard limit allows (never lowers it);
    /// returns the soft limit in effect afterwards, which is below `wanted` when the hard limit is.
    @discardableResult
    public static func raise(toFit wanted: UInt64) throws(SystemError) -> UInt64 {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { throw SystemError("getrlimit") }
        let target = min(wanted, UInt64(limit.rlim_max))
        guard target > UInt64(limit.rlim_cur) else { return UInt64(limit.rlim_cur) }
        limit.rlim_cur = rlim_t(target)
        guard setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { throw SystemError("setrlimit") }
        return target
    }
}
