import Auth
import App
import JSON
import Testing
import TestSupport

@Suite("Widget sessions")
struct WidgetSessionTests {
    @Test func anAllowedOriginGetsAVisitorToken() async throws {
        try await withApp { app in
            let site = try app.createWebsite("Shop", origins: ["https://shop.example"])
            let response = try app.request("POST", "/api/v1/widget/sessions", headers: [("Origin", "https://shop.example")],
                                           json: #"{"website_id":"\#(site.id)"}"#)
            #expect(response.status == 201)
            let body = try response.json()
            let token = try #require(body["token"]?.stringValue)
            let visitorID = try #require(body["visitor_id"]?.stringValue)
            let verified = try TokenVerifier().verify(token, now: currentUnixTime()) { $0 == site.id ? site.secret : nil }
            #expect(verified.principal.role == .visitor)
            #expect(verified.principal.id == visitorID)
            #expect(verified.expiresAt - currentUnixTime() > 29 * 24 * 3600)
            #expect(body["expires_at"]?.stringValue?.hasSuffix("Z") == true)
            #expect(body["widget"]?.jsonText == ##"{"title":"Chat with us","color":"#2563eb","greeting":"Hi! How can we help you today?","position":"right","locale":"en","theme":"auto","business_hours":null,"away_message":"We're away right now. Leave a message and we'll get back to you.","ask_email":"never"}"##)
            let visitor = TestApp.Caller(app: app, token: token)
            let chat = try visitor.expect(201, "POST", "/api/v1/chats", json: "{}")
            #expect(chat["visitor"]?["id"]?.stringValue == visitorID)
        }
    }

    @Test func widgetSettingsArePublicByWebsiteID() async throws {
        try await withApp { app in
            let site = try app.createWebsite("Shop", origins: ["https://shop.example", "http://localhost:8000"])
            _ = try app.request("PATCH", "/api/v1/website", headers: [("Authorization", "Bearer " + TestApp.token(website: site.id, secret: site.secret))],
                                json: ##"{"widget":{"color":"#ff0000","greeting":"Hej!"}}"##)
            let settings = try app.request("GET", "/api/v1/widget/settings?website_id=\(site.id)")
            #expect(settings.status == 200)
            // The widget decides from these whether its page may use the website at all.
            #expect(try settings.json()["allowed_origins"] == ["https://shop.example", "http://localhost:8000"])
            #expect(try settings.json()["widget"]?["color"]?.stringValue == "#ff0000")
            #expect(try settings.json()["widget"]?["greeting"]?.stringValue == "Hej!")
            #expect(try app.request("GET", "/api/v1/widget/settings?website_id=ws_nope").status == 404)
            #expect(try app.request("GET", "/api/v1/widget/settings").status == 404)
            #expect(try app.request("GET", "/api/v1/widget/settings?website_id=\(site.id)&x=1").errorCode == "bad_field")
        }
    }

    @Test func otherOriginsAreRefused() async throws {
        try await withApp { app in
            let site = try app.createWebsite("Shop", origins: ["https://shop.example"])
            for headers in [[("Origin", "https://evil.example")], [("Origin", "http://shop.example")], []] {
                let response = try app.request("POST", "/api/v1/widget/sessions", headers: headers, json: #"{"website_id":"\#(site.id)"}"#)
                #expect(response.status == 403)
                #expect(response.errorCode == "forbidden_origin")
            }
            let open = try app.createWebsite("Open")
            #expect(try app.request("POST", "/api/v1/widget/sessions", headers: [("Origin", "https://anywhere.example")],
                                    json: #"{"website_id":"\#(open.id)"}"#).status == 201, "no allowed_origins: any origin")
            #expect(try app.request("POST", "/api/v1/widget/sessions", json: #"{"website_id":"ws_missing"}"#).status == 404)
            #expect(try app.request("POST", "/api/v1/widget/sessions", json: #"{}"#).status == 400)
            #expect(try app.request("POST", "/api/v1/widget/sessions", json: #"{"website_id":"\#(open.id)","x":1}"#).status == 400)
        }
    }

    @Test func sessionsAreRateLimitedPerAddress() async throws {
        var limits = RateLimits.unlimited
        limits.sessionsPerMinute = 2
        try await withApp(rateLimits: limits) { app in
            let site = try app.createWebsite()
            var statuses: [Int] = []
            var retryAfter: String?
            for _ in 0..<6 {
                let response = try app.request("POST", "/api/v1/widget/sessions", json: #"{"website_id":"\#(site.id)"}"#)
                statuses.append(response.status)
                if response.status == 429 { retryAfter = response.header("Retry-After") }
            }
            #expect(statuses.prefix(4) == [201, 201, 201, 201], "a burst of 2 × the rate")
            #expect(statuses.suffix(2) == [429, 429])
            #expect(retryAfter.flatMap(Int.init).map { $0 >= 1 } == true)
        }
    }
}
