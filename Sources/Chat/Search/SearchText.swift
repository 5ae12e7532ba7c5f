// The standard library's canonical decomposition (NFD), which separates a letter from its accents.
// It is SPI because Swift has no public normalization API yet; without Foundation (which this
// project does not link) it is the only decomposition the toolchain ships.
@_spi(_Unicode) import Swift

/// Text as the search index sees it (contract §10 "Search"): words folded to lower case with
/// their accents removed, in any script; scripts written without spaces between words (Chinese,
/// Japanese, Korean) as their single characters and overlapping pairs of characters, so that any
/// part of a run is found. Folding happens here, in Swift, for both backends: SQLite's FTS5 and
/// PostgreSQL's `tsvector` receive the same terms and find the same entries, whatever tokenizer
/// or locale they have.
///
/// A term holds only letters and digits (after folding), so a space separates terms in the
/// index's text and no term needs quoting beyond the query syntax's own quotes.
enum SearchText {
    /// Longer words are cut to this many characters, on both sides: a prefix of a long word
    /// still finds it, and no one word fills the index.
    static let maximumTermLength = 32

    /// One unit of text: a word of letters and digits, or a run of characters of a script
    /// written without spaces.
    enum Piece: Equatable {
        case word(String)
        case run([Unicode.Scalar])
    }

    /// The pieces of `text`, folded, in order; `positions` receives, for each piece, the range
    /// of `text`'s scalars it came from (for snippets).
    static func pieces(of text: String, positions: ((Range<Int>) -> Void)? = nil) -> [Piece] {
        var pieces: [Piece] = []
        var word = String.UnicodeScalarView()
        var wordLength = 0
        var run: [Unicode.Scalar] = []
        var start = 0
        var index = 0
        func finish() {
            if !word.isEmpty {
                pieces.append(.word(String(word)))
                positions?(start..<index)
                word = String.UnicodeScalarView()
                wordLength = 0
            } else if !run.isEmpty {
                pieces.append(.run(run))
                positions?(start..<index)
                run = []
            }
        }
        for scalar in text.unicodeScalars {
            defer { index += 1 }
            if isUnspaced(scalar) {
                if !word.isEmpty { finish() }
                if run.isEmpty { start = index }
                run.append(scalar)
                continue
            }
            if !run.isEmpty { finish() }
            var folded = false
            fold(scalar) { piece in
                if word.isEmpty { start = index }
                if wordLength < maximumTermLength {
                    word.append(piece)
                    wordLength += 1
                }
                folded = true
            }
            // A combining accent after a letter belongs to the word even though it leaves nothing.
            if !folded && (scalar.isASCII || word.isEmpty || scalar.properties.generalCategory != .nonspacingMark) { finish() }
        }
        finish()
        return pieces
    }

    /// The terms an index entry holds for `text`, in order: each word, and each character and
    /// pair of characters of each unspaced run, at most `maximumTerms`. A term may repeat: both
    /// indexes keep a term once per entry whatever the text says, so removing repeats here would
    /// cost every send for nothing.
    static func indexTerms(of text: String) -> [String] {
        var terms: [String] = []
        for piece in pieces(of: text) {
            switch piece {
            case .word(let word): terms.append(word)
            case .run(let run):
                for (offset, scalar) in run.enumerated() {
                    terms.append(String(Character(scalar)))
                    if offset + 1 < run.count { terms.append(String(String.UnicodeScalarView([scalar, run[offset + 1]]))) }
                }
            }
            if terms.count >= maximumTerms { return Array(terms.prefix(maximumTerms)) }
        }
        return terms
    }

    /// Terms kept per entry: what the longest message (8,000 characters of an unspaced script:
    /// a character and a pair each) can hold, so that only a text larger than any message is cut.
    static let maximumTerms = 16_000

    /// The text an entry stores: its terms separated by spaces. ASCII text, most of what is sent,
    /// takes a path over its bytes that gives the same terms without building a string per word:
    /// it runs on every send, in the writer's transaction.
    static func indexText(of text: String) -> String {
        var text = text
        if let ascii = text.withUTF8({ asciiIndexText(of: $0) }) { return ascii }
        return indexTerms(of: text).joined(separator: " ")
    }

    /// `indexText` of ASCII text; nil when `bytes` hold anything else.
    private static func asciiIndexText(of bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        return String(unsafeUninitializedCapacity: bytes.count) { output in
            var count = 0
            var wordLength = 0
            for byte in bytes {
                let folded: UInt8
                switch byte {
                case 0x41...0x5A: folded = byte + 0x20
                case 0x61...0x7A, 0x30...0x39: folded = byte
                default:
                    wordLength = 0
                    continue
                }
                if wordLength == 0, count > 0 {
                    output[count] = 0x20
                    count += 1
                }
                if wordLength < maximumTermLength {
                    output[count] = folded
                    count += 1
                }
                wordLength += 1
            }
            return count
        }
    }

    /// Calls `emit` with each scalar `scalar` folds to: lower case, the accents of its canonical
    /// decomposition left out; nothing for what is neither letter nor digit. ASCII takes a fast path.
    private static func fold(_ scalar: Unicode.Scalar, emit: (Unicode.Scalar) -> Void) {
        if scalar.isASCII {
            switch scalar.value {
            case 0x41...0x5A: emit(Unicode.Scalar(scalar.value + 0x20)!)
            case 0x61...0x7A, 0x30...0x39: emit(scalar)
            default: break
            }
            return
        }
        if scalar.value < UInt32(latinFolds.count) {
            for folded in latinFolds[Int(scalar.value)] { emit(folded) }
            return
        }
        for folded in slowFold(scalar) { emit(folded) }
    }

    /// What `slowFold` gives for each scalar below U+0250 (Latin-1 and Latin Extended A and B),
    /// worked out once: the accented letters of most messages then cost a lookup, not a string.
    private static let latinFolds: [[Unicode.Scalar]] = (0..<0x250).map { value in
        Unicode.Scalar(UInt32(value)).map(slowFold) ?? []
    }

    private static func slowFold(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        scalar.properties.lowercaseMapping._nfd.filter(isWordScalar)
    }

    /// Letters and digits; marks are accents, which folding removes, except those a script
    /// spells its letters with (a vowel sign that is spacing).
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return false
        case .decimalNumber: return true
        default: return properties.isAlphabetic
        }
    }

    /// Characters of scripts written without spaces between words: Han, kana, Hangul and their
    /// compatibility forms. Searched by characters and pairs rather than by words.
    static func isUnspaced(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x11FF,  // Hangul Jamo
             0x3040...0x30FF,  // Hiragana, Katakana
             0x3130...0x318F,  // Hangul compatibility Jamo
             0x31F0...0x31FF,  // Katakana phonetic extensions
             0x3400...0x4DBF,  // CJK extension A
             0x4E00...0x9FFF,  // CJK unified ideographs
             0xAC00...0xD7AF,  // Hangul syllables
             0xF900...0xFAFF,  // CJK compatibility ideographs
             0xFF66...0xFF9F,  // half-width Katakana
             0x20000...0x323AF:  // CJK extensions B to H
            return true
        default:
            return false
        }
    }
}
