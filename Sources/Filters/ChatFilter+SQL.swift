import Store

extension ChatFilter {
    /// The filter as an SQL condition on the chats of website `websiteID`, agreeing exactly with
    /// `matches(_:)`, written with the names `columns` gives. Standard fields become column
    /// comparisons; metadata conditions become subqueries on the metadata index (see
    /// `MetadataIndex`): index seeks (`<chat row> IN (…)`) that the database may start from, or
    /// probes of one chat's own rows (`EXISTS (…)`).
    ///
    /// `seeking` says which metadata tests seek: all (by default; the planner chooses), only the
    /// unit of that index (see `metadataSeeks`), or none (`.none`: walk chats in list order and
    /// probe each, best when every seek would match most chats).
    public func sql(websiteID: String, columns: FilterColumns, seeking: SeekChoice = .all) -> SQLCondition {
        guard !conditions.isEmpty else { return SQLCondition(sql: "TRUE", bindings: []) }
        var compiler = SQLCompiler(website: .text(websiteID), columns: columns, seeking: seeking)
        let tests = Self.compilationUnits(conditions).enumerated().map { index, unit in
            compiler.unit = index
            return "(" + compiler.compile(unit) + ")"
        }
        return SQLCondition(sql: tests.joined(separator: " AND "), bindings: compiler.bindings)
    }

    /// Which metadata tests become index seeks.
    public enum SeekChoice: Sendable, Equatable {
        case all
        case only(unit: Int)
        case none
    }

    /// For each part of the filter that can seek the metadata index, the condition on the index's
    /// rows that its seek looks for: counting a few of its matches (a few index steps) tells a
    /// caller which seek is selective enough to start from, if any.
    public func metadataSeeks(websiteID: String, columns: FilterColumns) -> [(unit: Int, rows: SQLCondition)] {
        Self.compilationUnits(conditions).enumerated().compactMap { index, unit in
            var compiler = SQLCompiler(website: .text(websiteID), columns: columns, seeking: .all)
            compiler.collectsSeeks = true
            _ = compiler.compile(unit)
            guard !compiler.seeks.isEmpty else { return nil }
            let tests = compiler.seeks.map { "(" + $0.sql + ")" }.joined(separator: " OR ")
            let metadata = columns.metadataIndex
            let rows = SQLCondition(
                sql: "\(metadata.websiteID) = ? AND \(metadata.path) = ? AND (\(tests))",
                bindings: [.text(websiteID), .text(compiler.seekPath ?? "")] + compiler.seeks.flatMap(\.values))
            return (index, rows)
        }
    }

    /// What the compiler turns into one test: a condition, or every bound on one metadata path.
    enum CompilationUnit {
        case condition(FilterCondition)
        case range(MetadataPath, [(Comparison, RangeBound)])
    }

    /// Bounds on the same metadata path and of the same kind (numbers, or strings) become one
    /// unit, so that `__gte` and `__lte` are one index seek over the range between them instead
    /// of two seeks that may each cover most of the index. A path holds one scalar per chat, so
    /// "one value within every bound" is the same as "every bound holds".
    static func compilationUnits(_ conditions: [FilterCondition]) -> [CompilationUnit] {
        var units: [CompilationUnit] = []
        for condition in conditions {
            guard case .metadata(let path, .compare(let comparison, let bound)) = condition else {
                units.append(.condition(condition))
                continue
            }
            let index = units.firstIndex { unit in
                guard case .range(let other, let bounds) = unit, other == path, let first = bounds.first else { return false }
                return first.1.isNumber == bound.isNumber
            }
            if let index, case .range(_, let bounds) = units[index] {
                units[index] = .range(path, bounds + [(comparison, bound)])
            } else {
                units.append(.range(path, [(comparison, bound)]))
            }
        }
        return units
    }
}

extension RangeBound {
    fileprivate var isNumber: Bool {
        if case .number = self { true } else { false }
    }
}

/// Builds SQL text and its bindings together. Every function returns text whose `?` placeholders
/// match, in order, the bindings it appended.
private struct SQLCompiler {
    let website: SQLValue
    let columns: FilterColumns
    /// `columns.metadataIndex`, which most of the text names.
    let index: MetadataIndexColumns
    /// `columns.dialect`: the functions that differ between backends.
    let dialect: SQLDialect
    let seeking: ChatFilter.SeekChoice
    /// The compilation unit being compiled, for `SeekChoice.only`.
    var unit = 0
    /// When set, seeks are recorded in `seeks` (for counting) instead of being written as SQL.
    var collectsSeeks = false
    private(set) var seeks: [(sql: String, values: [SQLValue])] = []
    private(set) var seekPath: String?
    private(set) var bindings: [SQLValue] = []

    init(website: SQLValue, columns: FilterColumns, seeking: ChatFilter.SeekChoice) {
        self.website = website
        self.columns = columns
        index = columns.metadataIndex
        dialect = columns.dialect
        self.seeking = seeking
    }

    mutating func compile(_ unit: ChatFilter.CompilationUnit) -> String {
        switch unit {
        case .condition(let condition): compile(condition)
        case .range(let path, let bounds): range(path, bounds)
        }
    }

    mutating func compile(_ condition: FilterCondition) -> String {
        switch condition {
        case .field(let field, let lookup): compile(field, lookup)
        case .metadata(let path, let lookup): compile(path, lookup)
        }
    }

    // MARK: Standard fields

    private mutating func compile(_ field: ChatField, _ lookup: FieldLookup) -> String {
        let column = columns.field(field)
        switch lookup {
        case .equals(let value):
            return columnEquals(column, anyOf: [value])
        case .oneOf(let values):
            return columnEquals(column, anyOf: values)
        case .compare(let comparison, let bound):
            bindings.append(bound.sqlValue)
            return "\(column) \(comparison.sqlOperator) ?"
        case .isNull(let isNull):
            return isNull ? "\(column) IS NULL" : "\(column) IS NOT NULL"
        }
    }

    /// `null` in the list means the column is NULL, which `=` and `IN` never find.
    private mutating func columnEquals(_ column: String, anyOf values: [FilterValue]) -> String {
        var tests: [String] = []
        let present = values.filter { $0 != .null }
        if !present.isEmpty {
            tests.append("\(column) \(membership(present.map(Self.sqlValue)))")
        }
        if present.count < values.count {
            tests.append("\(column) IS NULL")
        }
        return Self.anyTest(tests)
    }

    private static func sqlValue(_ value: FilterValue) -> SQLValue {
        switch value {
        case .null: .null
        case .bool(let flag): .integer(flag ? 1 : 0)
        case .number(let number, _): number.sqlValue
        case .string(let string): .text(string)
        }
    }

    // MARK: Metadata

    private mutating func compile(_ path: MetadataPath, _ lookup: Lookup) -> String {
        switch lookup {
        case .equals(let value):
            return indexedEquality(at: path, anyOf: [value])
        case .oneOf(let values):
            return indexedEquality(at: path, anyOf: values)
        case .compare(let comparison, let bound):
            return range(path, [(comparison, bound)])
        case .contains(let needle):
            // A string holding the text, or an element equal to the value (one value: one test).
            let inString = (kindTest([.string]) + " AND \(dialect.substringPosition(index.string, "?")) > 0", [SQLValue.text(needle.text)])
            let tests = [inString] + equalityTests(anyOf: [needle], asElements: true)
            return probe(path, Self.anyTest(tests.map(\.sql)), tests.flatMap(\.values))
        case .containsIgnoringCase(let needle):
            return probe(
                path,
                kindTest([.string, .stringElement]) + " AND \(dialect.substringPosition(dialect.asciiLowercase(index.string), "?")) > 0",
                [.text(ByteText.lowercasedASCII(needle))]
            )
        case .isNull(let isNull):
            let present = probe(path, kindTest(IndexedKind.presentAndNotNull), [])
            return isNull ? "NOT " + present : present
        }
    }

    /// Every bound on one value, in one index seek; the bounds are all numbers or all strings.
    private mutating func range(_ path: MetadataPath, _ bounds: [(Comparison, RangeBound)]) -> String {
        var test = ""
        var values: [SQLValue] = []
        for (comparison, bound) in bounds {
            switch bound {
            case .number(let number):
                if test.isEmpty { test = kindTest(IndexedKind.numeric(asElement: false)) }
                test += " AND \(index.number) \(comparison.sqlOperator) ?"
                values.append(number.sqlValue)
            case .string(let string):
                if test.isEmpty { test = kindTest([.string]) }
                test += " AND \(index.string) \(comparison.sqlOperator) ?"
                values.append(.text(string))
            }
        }
        return seek(path, test, values)
    }

    /// Equality with any of `values`: one index seek per kind of value, ORed.
    private mutating func indexedEquality(at path: MetadataPath, anyOf values: [FilterValue]) -> String {
        let seeks = equalityTests(anyOf: values, asElements: false).map { test in seek(path, test.sql, test.values) }
        return Self.anyTest(seeks)
    }

    /// Tests of one metadata index row for equality with any of `values`, grouped so that each is
    /// a single index seek: all nulls and booleans by kind alone, all numbers, all strings.
    private func equalityTests(anyOf values: [FilterValue], asElements: Bool) -> [(sql: String, values: [SQLValue])] {
        var kinds: [IndexedKind] = []
        var numbers: [SQLValue] = []
        var strings: [SQLValue] = []
        for value in values {
            switch value {
            case .null, .bool:
                for kind in IndexedKind.equalTo(value, asElement: asElements) where !kinds.contains(kind) { kinds.append(kind) }
            case .number(let number, _):
                numbers.append(number.sqlValue)
            case .string(let string):
                strings.append(.text(string))
            }
        }
        var tests: [(sql: String, values: [SQLValue])] = []
        if !kinds.isEmpty {
            tests.append((kindTest(kinds), []))
        }
        if !numbers.isEmpty {
            tests.append((kindTest(IndexedKind.numeric(asElement: asElements)) + " AND \(index.number) " + Self.placeholders(numbers.count), numbers))
        }
        if !strings.isEmpty {
            let kind = IndexedKind.string.element(if: asElements)
            tests.append((kindTest([kind]) + " AND \(index.string) " + Self.placeholders(strings.count), strings))
        }
        return tests
    }

    /// Chats with a row at `path` passing `test`, found through the value indexes: for tests an
    /// index can answer (equality, ranges).
    private mutating func seek(_ path: MetadataPath, _ test: String, _ values: [SQLValue]) -> String {
        if collectsSeeks {
            seeks.append((test, values))
            seekPath = path.text
        }
        switch seeking {
        case .all: break
        case .only(let chosen) where chosen == unit: break
        case .only, .none: return probe(path, test, values)
        }
        bindings += [website, .text(path.text)] + values
        return "\(columns.chatRow) IN (SELECT \(index.chat) FROM \(index.table) WHERE \(index.websiteID) = ? AND \(index.path) = ? AND \(test))"
    }

    /// Whether this chat has a row at `path` passing `test`, looked up among the chat's own rows:
    /// for tests no index can answer (substrings, presence), run on the chats the rest of the
    /// query leaves.
    private mutating func probe(_ path: MetadataPath, _ test: String, _ values: [SQLValue]) -> String {
        bindings += [.text(path.text)] + values
        return "EXISTS (SELECT 1 FROM \(index.table) WHERE \(index.chat) = \(columns.chatRow) AND \(index.path) = ? AND (\(test)))"
    }

    // MARK: Text

    /// A test of the index's kind column (`IndexedKind.sqlTest`).
    private func kindTest(_ kinds: [IndexedKind]) -> String {
        IndexedKind.sqlTest(kinds, column: index.kind)
    }

    private mutating func membership(_ values: [SQLValue]) -> String {
        bindings += values
        return Self.placeholders(values.count)
    }

    /// `= ?` for one value, `IN (?, ?, ...)` for more.
    private static func placeholders(_ count: Int) -> String {
        count == 1 ? "= ?" : "IN (" + Array(repeating: "?", count: count).joined(separator: ", ") + ")"
    }

    /// Tests ORed; `FALSE` for none, as an empty `in` list matches nothing.
    private static func anyTest(_ tests: [String]) -> String {
        switch tests.count {
        case 0: "FALSE"
        case 1: tests[0]
        default: tests.map { "(" + $0 + ")" }.joined(separator: " OR ")
        }
    }
}
