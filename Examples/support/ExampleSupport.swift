// What the example programs share: printing a line, stopping with a reason, and reading the
// website id and secret from a file such as the one demo mode writes.
import Glibc
import JSON

/// Writes `text` and a newline to descriptor `fd` (1: standard output, 2: standard error).
public func writeLine(_ text: String, to fd: Int32) {
    var line = text + "\n"
    line.withUTF8 { _ = write(fd, $0.baseAddress, $0.count) }
}

/// Stops the program with `message` on standard error, named by the program, and status 2.
public func fail(_ message: String) -> Never {
    let program = CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? Substring($0)) } ?? "example"
    writeLine("\(program): \(message)", to: 2)
    exit(2)
}

/// The website id and secret of a file such as demo mode's `demo-website.json`; stops the
/// program with the reason when it cannot be read.
public func readCredentials(_ path: String) -> (id: String, secret: String) {
    guard let file = fopen(path, "r") else { fail("cannot open \(path): \(String(cString: strerror(errno)))") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while case let count = fread(&buffer, 1, buffer.count, file), count > 0 { bytes += buffer[..<count] }
    let json: JSONValue
    do {
        json = try JSONValue(parsing: bytes)
    } catch {
        fail("\(path) is not JSON: \(error)")
    }
    guard let id = json["website_id"]?.stringValue, let secret = json["secret"]?.stringValue else {
        fail("\(path) has no website_id and secret")
    }
    return (id, secret)
}
