import LoadGenerator
import Testing

@Suite("Server address")
struct ServerAddressTests {
    @Test(arguments: [
        ("http://127.0.0.1:8080", "127.0.0.1", 8080, "127.0.0.1:8080"),
        ("http://127.0.0.1:8080/", "127.0.0.1", 8080, "127.0.0.1:8080"),
        ("HTTP://127.0.0.1", "127.0.0.1", 80, "127.0.0.1:80"),
        ("http://localhost:9", "localhost", 9, "localhost:9"),
        ("http://[::1]:18400", "::1", 18400, "[::1]:18400"),
    ])
    func acceptsHostsAndPorts(url: String, host: String, port: Int, authority: String) throws {
        let address = try ServerAddress(url: url)
        #expect(address.host == host)
        #expect(address.port == port)
        #expect(address.authority == authority)
    }

    @Test(arguments: [
        "https://127.0.0.1:8080", "ftp://127.0.0.1", "127.0.0.1:8080", "http://", "http://:8080", "http://127.0.0.1:0",
        "http://127.0.0.1:65536", "http://127.0.0.1:8x", "http://127.0.0.1:+80", "http://127.0.0.1:8080/api", "http://u@127.0.0.1",
        "http://[::1", "http://[::1]x", "http://127.0.0.1:8080?x", "http://no-such-host.invalid:80",
    ])
    func refusesWhatItCannotUse(url: String) {
        #expect(throws: AddressError.self) { try ServerAddress(url: url) }
    }
}
