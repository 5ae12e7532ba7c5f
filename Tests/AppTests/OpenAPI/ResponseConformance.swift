import JSON
import TestSupport

/// Whether an answer of the server is one the OpenAPI document describes: its status is listed for
/// the operation, and its body matches that response's schema. `TestApp` checks every answer the
/// API tests get, so each test of the suite is also a test of the document.
enum ResponseConformance {
    /// Error codes of the HTTP layer, which refuses a request before its path is looked at
    /// (framing, limits, timeouts, connection limits): the document describes them once, in its
    /// introduction, rather than on every operation.
    static let httpLayerCodes: Set<String> = [
        "bad_request", "request_timeout", "payload_too_large", "uri_too_long", "headers_too_large", "not_implemented",
        "http_version_not_supported", "unavailable",
    ]

    /// Fails with every difference between `response` and the document, for a request of `method`
    /// to `target` (a path with its query).
    static func require(_ method: String, _ target: String, _ response: RawResponse) throws {
        let problems = try problems(method, target, response)
        guard problems.isEmpty else {
            throw RawClient.Failure(description: "\(method) \(target) answered \(response.status) \(response.text), "
                + "which docs/openapi.json does not describe: " + problems.joined(separator: "; "))
        }
    }

    static func problems(_ method: String, _ target: String, _ response: RawResponse) throws -> [String] {
        let document = try OpenAPIDocument.shared()
        let path = String(target.prefix { $0 != "?" })
        // Preflights are CORS, answered for any API path; the document lists operations.
        guard method != "OPTIONS" else { return [] }
        guard let template = document.template(for: path) else {
            // Static files are not the API; an unknown API path is 404.
            guard path.hasPrefix("/api/") else { return [] }
            return expectError(response, status: 404, document)
        }
        let operation = document.json["paths"]?[template]?[method == "HEAD" ? "get" : method.lowercased()]
        guard let operation else {
            var problems = expectError(response, status: 405, document)
            if response.header("Allow") == nil { problems.append("405 without Allow") }
            return problems
        }
        guard let described = operation["responses"]?[String(response.status)] else {
            if let code = response.errorCode, httpLayerCodes.contains(code) { return expectError(response, status: response.status, document) }
            return ["status \(response.status) is not documented for \(method) \(template)"]
        }
        return check(response, against: document.resolved(described), document, bodyExpected: method != "HEAD")
    }

    private static func expectError(_ response: RawResponse, status: Int, _ document: OpenAPIDocument) -> [String] {
        guard response.status == status || (response.errorCode.map(httpLayerCodes.contains) ?? false) else {
            return ["expected \(status)"]
        }
        let error: JSONValue = ["content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
        return check(response, against: error, document, bodyExpected: true)
    }

    private static func check(_ response: RawResponse, against described: JSONValue, _ document: OpenAPIDocument, bodyExpected: Bool) -> [String] {
        var problems: [String] = []
        for (name, header) in described["headers"]?.objectValue ?? [:] where header["required"] == .bool(true) {
            if response.header(name) == nil { problems.append("the \(name) header is missing") }
        }
        guard let schema = described["content"]?["application/json"]?["schema"] else {
            // A body of another media type (an attachment's bytes) is whatever the file holds.
            let describesOtherContent = !(described["content"]?.objectValue?.isEmpty ?? true)
            return response.body.isEmpty || describesOtherContent ? problems : problems + ["a body where the document describes none"]
        }
        guard bodyExpected else { return problems }
        guard response.header("Content-Type")?.hasPrefix("application/json") == true else {
            return problems + ["Content-Type \(response.header("Content-Type") ?? "missing") is not application/json"]
        }
        do {
            let body = try JSONValue(parsing: response.body)
            return problems + JSONSchemaCheck(document: document).violations(of: body, against: schema)
        } catch {
            return problems + ["the body is not JSON: \(error)"]
        }
    }
}
