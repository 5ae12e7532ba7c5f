import JSON
import Realtime
import Testing
import TestSupport

/// Staff availability (contract §10, issue 18 point 4): agents and admins choose online, away,
/// busy or offline over REST or the WebSocket; presence events carry it; it lasts while they
/// have a connection, and a reconnect within the grace period announces nothing.
@Suite struct AvailabilityTests {
    @Test func staffChooseAStateThatPresenceCarriesAndTheListShows() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let admin = try app.realtime(app.caller(site, role: "admin", sub: "boss").token)
            let ann = app.caller(site, role: "agent", sub: "a1", name: "Ann")
            let annLive = try app.realtime(ann.token)
            #expect(try Self.nextPresence(of: "a1", on: admin)["state"]?.stringValue == "online")

            #expect(try ann.expect(200, "PUT", "/api/v1/me/availability", json: #"{"state":"away"}"#)["state"]?.stringValue == "away")
            #expect(try Self.nextPresence(of: "a1", on: admin).jsonText == #"{"principal":{"id":"a1","role":"agent","name":"Ann"},"state":"away"}"#)
            try annLive.send(#"{"type":"availability","state":"busy"}"#)
            #expect(try Self.nextPresence(of: "a1", on: admin)["state"]?.stringValue == "busy")

            let list = try app.caller(site, role: "bot", sub: "helper").expect(200, "GET", "/api/v1/availability")
            let states = (list["agents"]?.arrayValue ?? []).map { "\($0["principal"]?["id"]?.stringValue ?? "?")=\($0["state"]?.stringValue ?? "?")" }
            #expect(states == ["a1=busy", "boss=online"])

            // Who may not, and what is not a state.
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            #expect(try visitor.call("PUT", "/api/v1/me/availability", json: #"{"state":"online"}"#).status == 403)
            #expect(try visitor.call("GET", "/api/v1/availability").status == 403)
            #expect(try app.caller(site, role: "bot", sub: "helper").call("PUT", "/api/v1/me/availability", json: #"{"state":"online"}"#)
                .status == 403)
            #expect(try ann.call("PUT", "/api/v1/me/availability", json: #"{"state":"sleeping"}"#).errorCode == "bad_field")
            try annLive.send(#"{"type":"availability","state":"lunch","ref":"r1"}"#)
            let refused = try annLive.nextReply()
            #expect(refused["code"]?.stringValue == "bad_field")
            #expect(refused["ref"]?.stringValue == "r1")
        }
    }

    /// A page reload within the grace announces nothing; past it, offline once, and the chosen
    /// state is forgotten: the next connection starts online.
    @Test func aReconnectWithinTheGraceDoesNotFlapAndTheStateEndsWithTheLastConnection() async throws {
        var realtime = HubConfiguration.forTests
        realtime.presenceGraceMilliseconds = 8_000
        try await withApp(realtime: realtime) { app in
            let site = try app.createWebsite()
            let admin = try app.realtime(app.caller(site, role: "admin", sub: "boss").token)
            let ann = app.caller(site, role: "agent", sub: "a1")
            var annLive = try app.realtime(ann.token)
            #expect(try Self.nextPresence(of: "a1", on: admin)["state"]?.stringValue == "online")
            _ = try ann.expect(200, "PUT", "/api/v1/me/availability", json: #"{"state":"away"}"#)
            #expect(try Self.nextPresence(of: "a1", on: admin)["state"]?.stringValue == "away")

            annLive.socket.raw.shutdownWrite()
            _ = annLive.closeCode()
            annLive = try app.realtime(ann.token)
            // The next presence of a1 the admin sees is this choice: nothing came in between.
            _ = try ann.expect(200, "PUT", "/api/v1/me/availability", json: #"{"state":"busy"}"#)
            #expect(try Self.nextPresence(of: "a1", on: admin)["state"]?.stringValue == "busy")

            annLive.socket.raw.shutdownWrite()
            _ = annLive.closeCode()
            #expect(try Self.nextPresence(of: "a1", on: admin)["state"]?.stringValue == "offline")
            annLive = try app.realtime(ann.token)
            #expect(try Self.nextPresence(of: "a1", on: admin)["state"]?.stringValue == "online", "the chosen state ended with the grace")
        }
    }

    /// The data of the next presence event of `principal` on `client`, passing over others.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    static func nextPresence(of principal: String, on client: RealtimeClient) throws -> JSONValue {
        while true {
            let event = try client.nextEvent()
            if event["type"]?.stringValue == "presence", event["data"]?["principal"]?["id"]?.stringValue == principal {
                return event["data"] ?? .null
            }
        }
    }
}
