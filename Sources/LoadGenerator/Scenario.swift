/// What the connections of a run send. One scenario value is shared by every connection; each
/// connection calls `prepare` on its own thread before the clock starts and gets back its own
/// request maker, which it then calls once per request.
public protocol Scenario: Sendable {
    /// The name reports use: `list`, `range`, `send`.
    var name: String { get }
    /// The status that counts as success: 200 for reads, 201 (committed) for sends.
    var successStatus: Int { get }
    /// Sets connection `index` up (for example, creates the chat it writes to) and returns what it
    /// sends next, request after request.
    func prepare(connection index: Int, over client: ClientConnection) throws -> () -> [UInt8]
}

/// A scenario could not set a connection up; the run stops before measuring anything.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
