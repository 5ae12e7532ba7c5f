/// The parsers of WebChatKit that read bytes from the network, each with one function that feeds
/// it a single input and checks the properties that must hold for every input.
///
/// The libFuzzer entry point (`Fuzz/Entry`) and the corpus replay test call the same function, so
/// a crash or violation a campaign finds becomes a regression test by saving the input under
/// `Fuzz/Corpus/<target>/`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// `HTTPRequestParser`: whole and chunked feeding agree (`HTTPRequestFuzzing`).
    case http
    /// `WebSocketFrameDecoder` in the server role: whole and chunked feeding agree, text is UTF-8,
    /// every event survives the encoder (`WebSocketFrameFuzzing`).
    case websocket
    /// `TokenVerifier`: whatever it accepts re-signs and re-verifies alike, and no altered copy
    /// verifies (`TokenFuzzing`).
    case token
    /// `ChatFilter` from query strings and JSON: its SQL text never depends on a value
    /// (`FilterFuzzing`).
    case filter
    /// `JSONValue(parsing:)` and the request-body readers built on it: parsing agrees across
    /// options and survives re-encoding (`JSONBodyFuzzing`).
    case json
    /// `MediaKind`, `MediaSignature` and `ImageDimensions` on an upload's first bytes: the readers
    /// agree with each other and on every prefix (`MediaFuzzing`).
    case media

    /// Feeds `input` to the target and checks its properties. A product crash shows as a crash; a
    /// property that fails is thrown, so the caller decides whether that aborts (a fuzzer) or
    /// records an issue (a test).
    @discardableResult
    public func check(_ input: [UInt8]) throws(PropertyViolation) -> InputVerdict {
        switch self {
        case .http: try HTTPRequestFuzzing.check(input)
        case .websocket: try WebSocketFrameFuzzing.check(input)
        case .token: try TokenFuzzing.check(input)
        case .filter: try FilterFuzzing.check(input)
        case .json: try JSONBodyFuzzing.check(input)
        case .media: try MediaFuzzing.check(input)
        }
    }
}

/// Whether the product took an input as valid or refused it; the corpus test requires both kinds
/// of seed for every target, so that neither path is left to chance.
public enum InputVerdict: Sendable, Equatable {
    case accepted
    case refused
}

/// A property of a target that an input broke: a bug, reported with what was expected.
public struct PropertyViolation: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
