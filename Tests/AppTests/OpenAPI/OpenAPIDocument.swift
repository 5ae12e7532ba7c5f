import JSON
import TestSupport

/// docs/openapi.json as the tests read it: its operations by method and path template, and the
/// schemas their answers must match. Read once per test process.
struct OpenAPIDocument: Sendable {
    static let file = repositoryRoot + "/docs/openapi.json"

    let json: JSONValue
    /// `"GET /api/v1/chats/{id}"` and so on: every operation the document describes.
    let operations: [String]

    private static let loaded = Result<OpenAPIDocument, any Error> { try OpenAPIDocument(bytes: try readFile(file)) }

    /// The repository's document; throws (failing the calling test) when it cannot be read or parsed.
    static func shared() throws -> OpenAPIDocument { try loaded.get() }

    init(bytes: [UInt8]) throws {
        json = try JSONValue(parsing: bytes)
        var operations: [String] = []
        for (path, item) in json["paths"]?.objectValue ?? [:] {
            for method in item.objectValue?.keys ?? [] { operations.append("\(method.uppercased()) \(path)") }
        }
        self.operations = operations
    }

    /// The path template that `path` (without its query) instantiates, such as `/api/v1/chats/{id}`
    /// for `/api/v1/chats/ch_1`: literal segments equal, `{name}` segments any non-empty segment.
    func template(for path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return json["paths"]?.objectValue?.keys.first { template in
            let segments = template.split(separator: "/", omittingEmptySubsequences: false)
            return segments.count == parts.count && zip(segments, parts).allSatisfy { segment, part in
                segment == part || (segment.hasPrefix("{") && segment.hasSuffix("}") && !part.isEmpty)
            }
        }
    }

    /// What a `$ref` such as `#/components/schemas/Chat` names inside the document.
    func target(of reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: JSONValue? = json
        for part in reference.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
        return node
    }

    /// `value`, or what its `$ref` names, followed until it is not a reference.
    func resolved(_ value: JSONValue) -> JSONValue {
        guard let target = value["$ref"]?.stringValue.flatMap(target(of:)) else { return value }
        return resolved(target)
    }
}

/// The checkout this test build came from (three levels above this file).
let repositoryRoot: String = {
    var path = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    path.removeLast(4)
    return path.joined(separator: "/")
}()
