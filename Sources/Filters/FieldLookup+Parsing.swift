extension FieldLookup {
    /// The lookup `name` on `field`, with the parameter's value checked against the field's type.
    init(_ name: LookupName, on field: ChatField, from parameter: Parameter) throws(FilterError) {
        switch (field, name) {
        case (.status, .equals):
            self = .equals(try Self.status(parameter.scalar(), parameter))
        case (.status, .oneOf):
            self = .oneOf(try parameter.list().map { value throws(FilterError) in try Self.status(value, parameter) })
        case (.priority, .equals):
            self = .equals(try Self.priorityLevel(parameter.scalar(), parameter))
        case (.priority, .oneOf):
            self = .oneOf(try parameter.list().map { value throws(FilterError) in try Self.priorityLevel(value, parameter) })
        case (.priority, .compare(let comparison)):
            self = .compare(comparison, try Self.integer(parameter.scalar(), parameter))
        case (.isArchived, .equals):
            self = .equals(.bool(try parameter.flag()))
        case (.assigneeID, .equals), (.visitorID, .equals):
            self = .equals(try Self.idOrNull(parameter.scalar()))
        case (.assigneeID, .oneOf), (.visitorID, .oneOf):
            self = .oneOf(try parameter.list().map(Self.idOrNull))
        case (.assigneeID, .isNull), (.visitorID, .isNull):
            self = .isNull(try parameter.flag())
        case (.chatID, .equals):
            self = .equals(try Self.id(parameter.scalar(), parameter))
        case (.chatID, .oneOf):
            self = .oneOf(try parameter.list().map { value throws(FilterError) in try Self.id(value, parameter) })
        case (.createdAt, .equals), (.updatedAt, .equals), (.lastActivityAt, .equals):
            let (milliseconds, text) = try Self.time(parameter.scalar(), parameter)
            self = .equals(.number(.integer(milliseconds), text: text))
        case (.createdAt, .compare(let comparison)), (.updatedAt, .compare(let comparison)),
             (.lastActivityAt, .compare(let comparison)):
            self = .compare(comparison, .integer(try Self.time(parameter.scalar(), parameter).milliseconds))
        case (.rating, .equals):
            self = .equals(try Self.score(parameter.scalar(), parameter))
        case (.rating, .oneOf):
            self = .oneOf(try parameter.list().map { value throws(FilterError) in try Self.score(value, parameter) })
        case (.rating, .compare(let comparison)):
            self = .compare(comparison, try Self.integer(parameter.scalar(), parameter))
        case (.rating, .isNull):
            self = .isNull(try parameter.flag())
        case (.handledBy, .equals):
            self = .equals(try Self.handler(parameter.scalar(), parameter))
        case (.handledBy, .oneOf):
            self = .oneOf(try parameter.list().map { value throws(FilterError) in try Self.handler(value, parameter) })
        default:
            throw parameter.refuse("\(field.rawValue) does not support the \(name.suffix) lookup")
        }
    }

    private static let statuses: Set<String> = ["open", "pending", "resolved", "closed"]

    private static func status(_ value: FilterValue, _ parameter: Parameter) throws(FilterError) -> FilterValue {
        guard case .string(let status) = value, statuses.contains(status) else {
            throw parameter.refuse("status is one of open, pending, resolved, closed")
        }
        return value
    }

    private static func handler(_ value: FilterValue, _ parameter: Parameter) throws(FilterError) -> FilterValue {
        guard case .string(let handler) = value, handler == "bot" || handler == "agent" else {
            throw parameter.refuse("handled_by is bot or agent")
        }
        return value
    }

    private static func priorityLevel(_ value: FilterValue, _ parameter: Parameter) throws(FilterError) -> FilterValue {
        guard case .number(let number, _) = value, let level = number.integerValue, (0...4).contains(level) else {
            throw parameter.refuse("priority is an integer from 0 to 4")
        }
        return value
    }

    /// A rating's score, or `null` for chats not rated.
    private static func score(_ value: FilterValue, _ parameter: Parameter) throws(FilterError) -> FilterValue {
        if value == .null { return value }
        guard case .number(let number, _) = value, let score = number.integerValue, (1...5).contains(score) else {
            throw parameter.refuse("rating is an integer from 1 to 5, or null")
        }
        return value
    }

    /// Range bounds on priority and rating may be any integral number, compared exactly.
    private static func integer(_ value: FilterValue, _ parameter: Parameter) throws(FilterError) -> ExactNumber {
        guard case .number(let number, _) = value, number.isIntegral else {
            throw parameter.refuse("expected an integer")
        }
        return number
    }

    /// Ids are text, whatever they look like (`assignee_id=123` names the id "123"); only `null`
    /// is special, meaning "no assignee" or "no visitor".
    private static func idOrNull(_ value: FilterValue) -> FilterValue {
        value == .null ? .null : .string(value.text)
    }

    private static func id(_ value: FilterValue, _ parameter: Parameter) throws(FilterError) -> FilterValue {
        guard value != .null else { throw parameter.refuse("chat_id cannot be null") }
        return .string(value.text)
    }

    private static func time(_ value: FilterValue, _ parameter: Parameter) throws(FilterError) -> (milliseconds: Int64, text: String) {
        guard case .string(let text) = value, let milliseconds = RFC3339.milliseconds(from: text) else {
            throw parameter.refuse("expected an RFC 3339 time such as 2026-11-22T10:00:00Z")
        }
        return (milliseconds, text)
    }
}
