import Chat
import Filters
import Store

/// An error that knows how the API answers it, as Hummingbird's `HTTPResponseError` does: the
/// status, code and message live with the error, not in a list of cases far from it. What a
/// route throws that is not one of these is a 500, logged.
protocol AnsweredError: Error {
    var answer: APIError { get }
}

extension APIError: AnsweredError {
    var answer: APIError { self }
}

extension ChatError: AnsweredError {
    var answer: APIError { APIError(self) }
}

extension ValidationError: AnsweredError {
    var answer: APIError { .invalid(self) }
}

extension FilterError: AnsweredError {
    var answer: APIError { .badFilter(self) }
}

extension StoreError: AnsweredError {
    /// A store that is closing answers 503: the server is stopping, and the request may be
    /// retried, here in a moment or on another node. A database that cannot be reached answers
    /// 503 too: nothing was committed (or, for a write whose commit's answer was lost, a retry with
    /// its `client_id` is answered with the first message), and the store reconnects by itself.
    /// Any other store error is a fault (500).
    var answer: APIError {
        switch self {
        case .closed: .stopping
        case .unavailable: .unavailable
        default: .internalError
        }
    }
}
