/// The `match.snippet` of a search result (contract §10): a stretch of a message's text, as
/// written, around its first hit. Plain text (clients render it as text), at most
/// `maximumLength` characters plus an ellipsis at a cut end, whitespace runs shown as one space.
/// Made here from the stored text, so both backends answer the same snippet.
enum SearchSnippet {
    static let maximumLength = 160
    /// Characters shown before the hit, so that it reads in context.
    static let leadingContext = 40

    static func make(from text: String, for query: SearchQuery) -> String {
        var ranges: [Range<Int>] = []
        let pieces = SearchText.pieces(of: text) { ranges.append($0) }
        let hit = zip(pieces, ranges).first { query.hits($0.0) }?.1.lowerBound
        let scalars = Array(text.unicodeScalars)
        // Some context before the hit, but no room left unused at the end: a short text shows whole.
        var start = max(0, min((hit ?? 0) - leadingContext, scalars.count - maximumLength))
        // Start at a word's beginning rather than inside it.
        while start > 0, start < (hit ?? 0), !scalars[start - 1].properties.isWhitespace { start += 1 }
        let end = min(scalars.count, start + maximumLength)
        var snippet = start > 0 ? "…" : ""
        var lastWasSpace = false
        for scalar in scalars[start..<end] {
            let space = scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
            if space && lastWasSpace { continue }
            snippet.unicodeScalars.append(space ? " " : scalar)
            lastWasSpace = space
        }
        if end < scalars.count { snippet += "…" }
        return snippet
    }
}
