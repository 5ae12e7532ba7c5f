/// One request on a fresh connection, for API tests that care about the answer, not the framing.
/// `receiveTimeoutSeconds` is a safety net for calls that may legitimately take long (a browser
/// loading a page through WebDriver).
@available(*, noasync, message: "blocks its thread: call it inside onThread")
public func httpRequest(port: Int, _ method: String, _ path: String, headers: [(String, String)] = [],
                        body: String? = nil, source: String? = nil, receiveTimeoutSeconds: Int = 30) throws -> RawResponse {
    let client = try RawClient(port: port, source: source, receiveTimeoutSeconds: receiveTimeoutSeconds)
    var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
    for (name, value) in headers { text += "\(name): \(value)\r\n" }
    if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
    text += "\r\n" + (body ?? "")
    try client.send(text)
    return try client.readResponse()
}
