/// Why a realtime run could not be made.
public enum RealtimeLoadError: Error, Sendable, CustomStringConvertible {
    case invalidSettings(String)
    /// The token or chat list is unusable (empty, unreadable, too short for the scenario).
    case invalidCredentials(String)
    /// A system call the run needs failed (threads, epoll).
    case system(String)

    public var description: String {
        switch self {
        case .invalidSettings(let reason): "Invalid realtime load settings: \(reason)"
        case .invalidCredentials(let reason): "Unusable tokens or chats: \(reason)"
        case .system(let reason): "The realtime load could not run: \(reason)"
        }
    }
}
