/// The words of `GET /chats?q=` (contract §10 "Search"), folded as the index folds text
/// (`SearchText`). An entry matches when it holds every term; the last word matches as a prefix,
/// so a list narrows while someone types. A run of an unspaced script (Chinese, Japanese, Korean)
/// becomes its overlapping pairs of characters, each of which the entry must hold (a single
/// character: entries holding it, alone or starting a pair).
public struct SearchQuery: Sendable, Equatable {
    /// Exact terms, each of which an entry must hold.
    let exact: [String]
    /// The last word, matched as the start of a term; nil when the query ends in an unspaced run.
    let prefix: String?

    /// At most this many characters (Unicode scalars, as every text limit counts) of `q`: a search
    /// box, not a document.
    public static let maximumLength = 200
    /// At most this many terms after folding, so that one query cannot intersect hundreds of
    /// posting lists.
    public static let maximumTerms = 16

    /// Reads `q`. Too long, too many words, or nothing to search for (only punctuation or
    /// spaces) is a `ValidationError` on `q`: an empty answer would look like "no chat says that".
    public init(_ text: String) throws(ValidationError) {
        guard text.unicodeScalars.count <= Self.maximumLength else {
            throw ValidationError(field: "q", message: "q must be at most \(Self.maximumLength) characters.")
        }
        var terms: [String] = []
        var prefix: String?
        let pieces = SearchText.pieces(of: text)
        for (index, piece) in pieces.enumerated() {
            switch piece {
            case .word(let word):
                if index == pieces.count - 1 { prefix = word } else { terms.append(word) }
            case .run(let run) where run.count == 1:
                if index == pieces.count - 1 { prefix = String(Character(run[0])) } else { terms.append(String(Character(run[0]))) }
            case .run(let run):
                for offset in 0..<(run.count - 1) { terms.append(String(String.UnicodeScalarView([run[offset], run[offset + 1]]))) }
            }
        }
        var seen = Set<String>()
        terms = terms.filter { seen.insert($0).inserted && $0 != prefix }
        guard !terms.isEmpty || prefix != nil else {
            throw ValidationError(field: "q", message: "q must contain a letter or a digit to search for.")
        }
        guard terms.count + (prefix == nil ? 0 : 1) <= Self.maximumTerms else {
            throw ValidationError(field: "q", message: "q may hold at most \(Self.maximumTerms) words (a pair of CJK characters counts as one).")
        }
        exact = terms
        self.prefix = prefix
    }

    /// FTS5's query: every term quoted (a term is letters and digits only, so it holds no quote),
    /// the prefix with `*`; terms side by side are ANDed.
    var fts5Expression: String {
        (exact.map { "\"\($0)\"" } + (prefix.map { ["\"\($0)\"*"] } ?? [])).joined(separator: " ")
    }

    /// FTS5's query of the whole words alone (`exact` must not be empty).
    var fts5Words: String {
        exact.map { "\"\($0)\"" }.joined(separator: " ")
    }

    /// PostgreSQL's `tsquery` text: every lexeme quoted, the prefix with `:*`, joined by `&`.
    var tsqueryExpression: String {
        (exact.map { "'\($0)'" } + (prefix.map { ["'\($0)':*"] } ?? [])).joined(separator: " & ")
    }

    /// Whether a folded piece of text is a hit: equal to an exact term, starting with the prefix,
    /// or (for a run) holding a term of the query.
    func hits(_ piece: SearchText.Piece) -> Bool {
        switch piece {
        case .word(let word):
            return exact.contains(word) || prefix.map { word.hasPrefix($0) } == true
        case .run(let run):
            let text = String(String.UnicodeScalarView(run))
            return exact.contains { text.contains($0) } || prefix.map { text.contains($0) } == true
        }
    }
}
