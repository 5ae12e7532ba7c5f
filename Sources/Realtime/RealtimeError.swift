/// Failures of the realtime layer itself (the database is not one the server made).
public enum RealtimeError: Error, Equatable, Sendable {
    /// The `event_log_state` row is missing: the schema was not migrated by this server.
    case logStateMissing
    /// Too many log scans (polls, replays) of this website wait for their turn: try again later.
    case busy
}
