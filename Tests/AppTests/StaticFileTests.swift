import Testing
import TestSupport

@Suite("Static files through the server")
struct StaticFileTests {
    @Test func javascriptWithTypeETagAndCaching() async throws {
        try await withApp { app in
            let response = try app.request("GET", "/widget.js")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "text/javascript; charset=utf-8")
            #expect(response.header("Cache-Control") == "public, max-age=300")
            #expect(response.text.hasPrefix("console.log('widget');"))
            let etag = try #require(response.header("ETag"))
            let again = try app.request("GET", "/widget.js", headers: [("If-None-Match", etag)])
            #expect(again.status == 304)
            #expect(again.body.isEmpty)
            #expect(again.header("ETag") == etag)
            let stale = try app.request("GET", "/widget.js", headers: [("If-None-Match", "\"other\"")])
            #expect(stale.status == 200)
        }
    }

    @Test func gzipWhenAccepted() async throws {
        try await withApp { app in
            let plain = try app.request("GET", "/widget.js")
            let zipped = try app.request("GET", "/widget.js", headers: [("Accept-Encoding", "gzip, deflate, br")])
            #expect(zipped.header("Content-Encoding") == "gzip")
            #expect(zipped.header("Vary") == "Accept-Encoding")
            #expect(zipped.body.count < plain.body.count)
            #expect(zipped.body.starts(with: [0x1F, 0x8B]))
            #expect(zipped.header("ETag") != plain.header("ETag"))
            let refused = try app.request("GET", "/widget.js", headers: [("Accept-Encoding", "gzip;q=0")])
            #expect(refused.header("Content-Encoding") == nil)
        }
    }

    /// The real widget (over 16 KiB) goes out from its sealed copy with sendfile: the same bytes
    /// as on disk, with their length, and none for HEAD.
    @Test func largeFilesAreSentWhole() async throws {
        let widget = try readFile(repositoryPublicDirectory + "/widget.js")
        #expect(widget.count > 16 * 1024)
        try await withApp(publicFiles: [:]) { app in
            for _ in 0..<3 {
                let response = try app.request("GET", "/widget.js")
                #expect(response.status == 200)
                #expect(response.body == widget)
                #expect(response.header("Content-Length") == "\(widget.count)")
            }
            let head = try RawClient(port: app.port)
            try head.send("HEAD /widget.js HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
            let parsed = try #require(try RawResponse.parseHead(head.readUntilClosed()))
            #expect(parsed.response.header("Content-Length") == "\(widget.count)")
            #expect(parsed.trailing == 0)
        }
    }

    @Test func indexAndNestedFiles() async throws {
        try await withApp { app in
            let index = try app.request("GET", "/")
            #expect(index.status == 200)
            #expect(index.header("Content-Type") == "text/html; charset=utf-8")
            let css = try app.request("GET", "/styles/site.css")
            #expect(css.header("Content-Type") == "text/css; charset=utf-8")
            let head = try RawClient(port: app.port)
            try head.send("HEAD /styles/site.css HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
            let parsed = try #require(try RawResponse.parseHead(head.readUntilClosed()))
            #expect(parsed.response.header("Content-Length") == "22")
            #expect(parsed.trailing == 0)
        }
    }

    @Test func traversalInEverySpellingIs404() async throws {
        try await withApp { app in
            let outside = try TemporaryDirectory("outside")
            try outside.write("secret.txt", "do not serve")
            _ = try ChildProcess.run("/bin/ln", ["-s", outside.path + "/secret.txt", app.publicDirectory.path + "/link.txt"])
            _ = try ChildProcess.run("/bin/ln", ["-s", outside.path, app.publicDirectory.path + "/linkdir"])
            defer { outside.remove() }
            let paths = [
                "/../secret.txt", "/styles/../../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2E/%2e%2e/etc/passwd",
                "/styles%2f..%2f..%2fetc%2fpasswd", "/styles%2Fsite.css", "/..%5c..%5cetc/passwd", "/styles\\site.css",
                "/widget.js%00.png", "/link.txt", "/linkdir/secret.txt", "/.hidden", "/%2e%2e%2f", "//etc/passwd",
                "/styles/./site.css/..", "/%zz", "/widget.js/",
            ]
            for path in paths {
                let response = try app.request("GET", path)
                #expect(response.status == 404 || response.status == 400, "\(path)")
                #expect(!response.text.contains("do not serve"), "\(path)")
                #expect(!response.text.contains("root:"), "\(path)")
            }
        }
    }
}
