import JSON

/// The kind column of the metadata index: what a row's value is, and whether it is the value at its
/// path or an element of the array at its path. Elements are kept apart because equality looks
/// at the value itself while `contains` looks inside arrays.
///
/// The codes are fixed by the stored data: never renumber them.
enum IndexedKind: Int64 {
    case null = 0
    case `false` = 1
    case `true` = 2
    case number = 3
    /// `str` holds the string; `num` holds the number it spells, if it spells one.
    case string = 4
    case array = 5
    case object = 6
    case nullElement = 10
    case falseElement = 11
    case trueElement = 12
    case numberElement = 13
    case stringElement = 14

    /// The kind of a value sitting at a path, or of an array's element; nil for an element that is
    /// itself an array or an object (no lookup reaches inside those).
    init?(value: JSONValue, isElement: Bool) {
        let direct: IndexedKind
        switch value {
        case .null: direct = .null
        case .bool(let flag): direct = flag ? .true : .false
        case .int: direct = .number
        case .double(let number): direct = number.isFinite ? .number : .null
        case .string: direct = .string
        case .array: direct = .array
        case .object: direct = .object
        }
        guard isElement else {
            self = direct
            return
        }
        switch direct {
        case .array, .object: return nil
        default: self = direct.element(if: true)
        }
    }

    /// The element kind of a scalar kind when `isElement`; the kind itself otherwise (and for
    /// arrays and objects, which are never stored as elements).
    func element(if isElement: Bool) -> IndexedKind {
        guard isElement else { return self }
        switch self {
        case .null: return .nullElement
        case .false: return .falseElement
        case .true: return .trueElement
        case .number: return .numberElement
        case .string: return .stringElement
        default: return self
        }
    }

    /// The kinds a value equal to `value` is stored as (directly or as an element).
    static func equalTo(_ value: FilterValue, asElement: Bool) -> [IndexedKind] {
        switch value {
        case .null: [.null.element(if: asElement)]
        case .bool(let flag): [(flag ? IndexedKind.true : .false).element(if: asElement)]
        case .number: numeric(asElement: asElement)
        case .string: [.string.element(if: asElement)]
        }
    }

    /// Kinds whose `num` is set: numbers, and strings that may spell one, which equal that number.
    static func numeric(asElement: Bool) -> [IndexedKind] {
        [.number.element(if: asElement), .string.element(if: asElement)]
    }

    /// Kinds of a value that is present and not null.
    static let presentAndNotNull: [IndexedKind] = [.false, .true, .number, .string, .array, .object]

    /// An SQL test of the kind column (named `column`) against `kinds`, with the codes written
    /// into the text: they are constants of this program, never input.
    static func sqlTest(_ kinds: [IndexedKind], column: String) -> String {
        if kinds.count == 1 { return "\(column) = \(kinds[0].rawValue)" }
        return "\(column) IN (" + kinds.map { String($0.rawValue) }.joined(separator: ", ") + ")"
    }
}
