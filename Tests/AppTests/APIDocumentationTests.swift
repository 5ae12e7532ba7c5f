import Glibc
import Testing

/// docs/API.md must describe every route the router has: a route added without documentation
/// fails here.
@Suite("API documentation")
struct APIDocumentationTests {
    @Test func everyRouteIsDocumented() async throws {
        try await withApp { app in try Self.check(app.routes) }
    }

    static func check(_ routes: [String]) throws {
        let root = #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
        let fd = open("/" + root + "/docs/API.md", O_RDONLY)
        #expect(fd >= 0)
        defer { close(fd) }
        var text: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            text += buffer[..<count]
        }
        let documentation = String(decoding: text, as: UTF8.self)
        #expect(routes.count >= 10)
        for route in routes {
            #expect(documentation.contains("### `\(route)`"), "\(route) is not in docs/API.md")
        }
    }
}
