import JSON

/// Checks a JSON value against a schema of the OpenAPI document, for the subset of JSON Schema
/// (2020-12) that docs/openapi.json uses. A keyword outside that subset is a failure, never
/// skipped: the document cannot start relying on a rule these checks would silently ignore.
struct JSONSchemaCheck {
    /// Where `$ref`s (`#/components/schemas/...`) are looked up.
    let document: OpenAPIDocument

    /// Keywords that only describe (`format` included: `pattern` carries the rule that is checked).
    private static let annotations: Set<String> = ["description", "examples", "default", "format", "title"]
    /// The subset of JSON Schema's rules that `check` implements.
    private static let rules: Set<String> = [
        "$ref", "type", "enum", "const", "anyOf", "oneOf", "not", "properties", "required", "additionalProperties",
        "patternProperties", "propertyNames", "minProperties", "maxProperties", "items", "minItems", "maxItems", "uniqueItems",
        "minLength", "maxLength", "pattern", "minimum", "maximum",
    ]

    /// Every violation in `value`, each with the JSON path where it is; empty when it conforms.
    func violations(of value: JSONValue, against schema: JSONValue, at path: String = "$") -> [String] {
        guard let rules = schema.objectValue else { return ["\(path): the schema is not an object: \(schema)"] }
        var found: [String] = []
        for (keyword, rule) in rules {
            found += check(keyword, rule, rules, value, path)
        }
        return found
    }

    private func check(_ keyword: String, _ rule: JSONValue, _ rules: JSONObject, _ value: JSONValue, _ path: String) -> [String] {
        switch keyword {
        case "$ref":
            guard let target = rule.stringValue.flatMap(document.target(of:)) else { return ["\(path): cannot resolve \(rule)"] }
            return violations(of: value, against: target, at: path)
        case "type":
            let allowed = rule.arrayValue?.compactMap(\.stringValue) ?? [rule.stringValue ?? ""]
            return allowed.contains(where: { Self.has(value, type: $0) }) ? [] : ["\(path): \(value) is not of type \(rule)"]
        case "enum":
            return rule.arrayValue?.contains(value) == true ? [] : ["\(path): \(value) is not one of \(rule)"]
        case "const":
            return rule == value ? [] : ["\(path): \(value) is not \(rule)"]
        case "anyOf":
            let branches = rule.arrayValue ?? []
            return branches.contains(where: { violations(of: value, against: $0, at: path).isEmpty }) ? [] : ["\(path): \(value) matches none of anyOf"]
        case "oneOf":
            let matching = (rule.arrayValue ?? []).filter { violations(of: value, against: $0, at: path).isEmpty }.count
            return matching == 1 ? [] : ["\(path): \(value) matches \(matching) branches of oneOf, not exactly one"]
        case "not":
            return violations(of: value, against: rule, at: path).isEmpty ? ["\(path): \(value) matches what `not` excludes"] : []
        case "properties", "required", "additionalProperties", "patternProperties", "propertyNames", "minProperties", "maxProperties":
            guard let object = value.objectValue else { return [] }
            return Self.reportingPatterns(path) { try checkObject(keyword, rule, rules, object, path) }
        case "items", "minItems", "maxItems", "uniqueItems":
            guard let array = value.arrayValue else { return [] }
            return checkArray(keyword, rule, array, path)
        case "minLength", "maxLength", "pattern":
            guard let text = value.stringValue else { return [] }
            return Self.reportingPatterns(path) { try checkString(keyword, rule, text, path) }
        case "minimum", "maximum":
            guard let number = value.doubleValue, let bound = rule.doubleValue else { return [] }
            let fits = keyword == "minimum" ? number >= bound : number <= bound
            return fits ? [] : ["\(path): \(value) is beyond \(keyword) \(rule)"]
        default:
            // Annotations describe; anything else `unsupportedRules` reports, and it must not pass here.
            return Self.annotations.contains(keyword) ? [] : ["\(path): the schema uses \(keyword), which JSONSchemaCheck does not implement"]
        }
    }

    private func checkObject(_ keyword: String, _ rule: JSONValue, _ rules: JSONObject, _ object: JSONObject, _ path: String) throws -> [String] {
        switch keyword {
        case "properties":
            return (rule.objectValue ?? [:]).flatMap { name, schema in
                object[name].map { violations(of: $0, against: schema, at: "\(path).\(name)") } ?? []
            }
        case "required":
            return (rule.arrayValue ?? []).compactMap(\.stringValue).filter { !object.contains(key: $0) }.map { "\(path): \($0) is missing" }
        case "patternProperties":
            return try object.flatMap { name, member in
                try (rule.objectValue ?? [:]).filter { pattern, _ in try Self.matches(name, pattern) }.flatMap { _, schema in
                    violations(of: member, against: schema, at: "\(path).\(name)")
                }
            }
        case "additionalProperties":
            let declared = rules["properties"]?.objectValue?.keys ?? []
            let patterns = rules["patternProperties"]?.objectValue?.keys ?? []
            let extra = try object.filter { name, _ in try !declared.contains(name) && !patterns.contains { try Self.matches(name, $0) } }
            if rule == .bool(false) { return extra.map { "\(path): \($0.key) is not a documented member" } }
            return extra.flatMap { violations(of: $0.value, against: rule, at: "\(path).\($0.key)") }
        case "propertyNames":
            return object.keys.flatMap { violations(of: .string($0), against: rule, at: "\(path) (member name \($0))") }
        case "minProperties":
            return object.count >= rule.intValue ?? 0 ? [] : ["\(path): fewer than \(rule) members"]
        default:
            return object.count <= rule.intValue ?? .max ? [] : ["\(path): more than \(rule) members"]
        }
    }

    private func checkArray(_ keyword: String, _ rule: JSONValue, _ array: [JSONValue], _ path: String) -> [String] {
        switch keyword {
        case "items":
            return array.enumerated().flatMap { index, item in violations(of: item, against: rule, at: "\(path)[\(index)]") }
        case "minItems":
            return array.count >= rule.intValue ?? 0 ? [] : ["\(path): fewer than \(rule) items"]
        case "uniqueItems":
            let distinct = Set(array.map(\.jsonText))
            return rule.boolValue != true || distinct.count == array.count ? [] : ["\(path): items repeat"]
        default:
            return array.count <= rule.intValue ?? .max ? [] : ["\(path): more than \(rule) items"]
        }
    }

    private func checkString(_ keyword: String, _ rule: JSONValue, _ text: String, _ path: String) throws -> [String] {
        // JSON Schema counts code points, as the server counts Unicode scalars.
        let length = text.unicodeScalars.count
        switch keyword {
        case "minLength":
            return length >= rule.intValue ?? 0 ? [] : ["\(path): \(JSONValue.string(text)) is shorter than \(rule)"]
        case "maxLength":
            return length <= rule.intValue ?? .max ? [] : ["\(path): a string of \(length) characters is longer than \(rule)"]
        default:
            return try Self.matches(text, rule.stringValue ?? "") ? [] : ["\(path): \(JSONValue.string(text)) does not match \(rule)"]
        }
    }

    private static func has(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object), ("integer", .int),
             ("number", .int), ("number", .double):
            true
        case ("integer", .double(let number)):
            number == number.rounded()
        default:
            false
        }
    }

    /// Keywords of `schema` and the schemas inside it that this check does not implement, and
    /// patterns Swift cannot compile: a response the tests never meet must not hide either.
    static func unsupportedRules(in schema: JSONValue, at path: String) -> [String] {
        guard let rules = schema.objectValue else { return [] }
        var found: [String] = []
        for (keyword, rule) in rules {
            let inner = "\(path)/\(keyword)"
            guard Self.rules.contains(keyword) || annotations.contains(keyword) else {
                found.append("\(inner) is a keyword JSONSchemaCheck does not implement")
                continue
            }
            switch keyword {
            case "properties", "patternProperties":
                found += (rule.objectValue ?? [:]).flatMap { unsupportedRules(in: $0.value, at: "\(inner)/\($0.key)") }
                if keyword == "patternProperties" {
                    found += (rule.objectValue?.keys ?? []).flatMap { pattern in reportingPatterns(inner) { _ = try matches("", pattern); return [] } }
                }
            case "anyOf", "oneOf":
                found += (rule.arrayValue ?? []).enumerated().flatMap { unsupportedRules(in: $0.element, at: "\(inner)/\($0.offset)") }
            case "items", "not", "propertyNames", "additionalProperties":
                found += unsupportedRules(in: rule, at: inner)
            case "pattern":
                found += reportingPatterns(inner) { _ = try matches("", rule.stringValue ?? ""); return [] }
            default:
                break
            }
        }
        return found
    }

    /// Whether `text` matches `pattern`: JSON Schema patterns are ECMA-262 regular expressions,
    /// not anchored, over code points.
    private static func matches(_ text: String, _ pattern: String) throws -> Bool {
        text.firstMatch(of: try Regex(pattern).matchingSemantics(.unicodeScalar)) != nil
    }

    /// The violations `body` finds, or, when a pattern of the schema does not compile, that one:
    /// the check fails rather than passes what it could not test.
    private static func reportingPatterns(_ path: String, _ body: () throws -> [String]) -> [String] {
        do {
            return try body()
        } catch {
            return ["\(path): a pattern of the schema does not compile: \(error)"]
        }
    }
}
