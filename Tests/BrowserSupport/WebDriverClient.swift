import JSON
import TestSupport

/// The HTTP half of W3C WebDriver: one command per connection to chromedriver, JSON in and out.
/// A command may legitimately take long (a page load, an async script) on a loaded machine; the
/// receive timeout is a safety net above chromedriver's own page-load and script timeouts.
struct WebDriverClient: Sendable {
    let port: Int

    static let receiveTimeoutSeconds = 180

    /// Sends one command and returns the reply's `value`; a refusal becomes `BrowserError.webDriver`.
    func send(_ method: String, _ path: String, _ body: JSONValue? = nil) throws(BrowserError) -> JSONValue {
        let command = "\(method) \(path)"
        let response: RawResponse
        do {
            let headers = body == nil ? [] : [("Content-Type", "application/json; charset=utf-8")]
            response = try httpRequest(port: port, method, path, headers: headers,
                                       body: body.map { String(decoding: $0.encoded(), as: UTF8.self) },
                                       receiveTimeoutSeconds: Self.receiveTimeoutSeconds)
        } catch {
            throw .io("\(command): \(error)")
        }
        let document: JSONValue
        do {
            document = try JSONValue(parsing: response.body)
        } catch {
            throw .io("\(command): HTTP \(response.status) reply is not JSON (\(error)): \(response.text.prefix(500))")
        }
        guard let value = document["value"] else {
            throw .io("\(command): HTTP \(response.status) reply has no value: \(response.text.prefix(500))")
        }
        // Only the status marks an error: a script may well return an object with an `error` member.
        guard response.status == 200 else {
            throw .webDriver(command: command, code: value["error"]?.stringValue ?? "HTTP \(response.status)",
                             message: value["message"]?.stringValue ?? value.description)
        }
        return value
    }
}
