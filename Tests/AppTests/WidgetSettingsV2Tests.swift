import Auth
import JSON
import Testing
import TestSupport

/// The widget settings of contract §11: each checked with a 400 that names the member, and
/// `available` in the public settings — an agent online and within the business hours.
@Suite struct WidgetSettingsV2Tests {
    @Test func badSettingsAreRefusedNamingTheMemberAndStoreNothing() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let admin = app.caller(site, role: "admin", sub: "boss")
            let cases: [(body: String, field: String)] = [
                (#"{"locale":"xx"}"#, "widget.locale"),
                (#"{"theme":"blue"}"#, "widget.theme"),
                (#"{"ask_email":"sometimes"}"#, "widget.ask_email"),
                (#"{"away_message":7}"#, "widget.away_message"),
                (#"{"business_hours":{"timezone":"Mars/Olympus_Mons","days":{}}}"#, "widget.business_hours.timezone"),
                (#"{"business_hours":{"timezone":"../../etc/passwd","days":{}}}"#, "widget.business_hours.timezone"),
                (#"{"business_hours":{"timezone":"Europe/Berlin"}}"#, "widget.business_hours.days"),
                (#"{"business_hours":{"timezone":"Europe/Berlin","days":{"monday":[]}}}"#, "widget.business_hours.days.monday"),
                (#"{"business_hours":{"timezone":"Europe/Berlin","days":{"mon":[["9:00","17:00"]]}}}"#, "widget.business_hours.days.mon[0]"),
                (#"{"business_hours":{"timezone":"Europe/Berlin","days":{"mon":[["17:00","09:00"]]}}}"#, "widget.business_hours.days.mon[0]"),
                (#"{"business_hours":{"timezone":"Europe/Berlin","days":{"mon":[["09:00","12:00"],["11:30","13:00"]]}}}"#,
                 "widget.business_hours.days.mon"),
                (#"{"business_hours":{"timezone":"Europe/Berlin","days":{},"holidays":[]}}"#, "widget.business_hours.holidays"),
                (#"{"business_hours":"always"}"#, "widget.business_hours"),
            ]
            for (body, field) in cases {
                let response = try admin.call("PATCH", "/api/v1/website", json: #"{"widget":\#(body),"name":"Changed"}"#)
                #expect(response.status == 400 && response.errorCode == "bad_field", "\(body)")
                // The message starts with the member it names, and names no deeper one.
                let message = try response.json()["error"]?["message"]?.stringValue ?? ""
                let after = message.dropFirst(field.count).first
                #expect(message.hasPrefix(field) && after != "." && after != "[", "\(body): \(message)")
            }
            let website = try admin.expect(200, "GET", "/api/v1/website")
            #expect(website["name"]?.stringValue == "Shop", "a refused body stored nothing")
            let set = try admin.expect(200, "PATCH", "/api/v1/website", json: #"""
                {"widget":{"locale":"ar","theme":"dark","ask_email":"when_away","away_message":"Back at nine.",
                 "business_hours":{"timezone":"Europe/Berlin","days":{"fri":[["13:00","17:00"],["09:00","12:00"]]}}}}
                """#)
            #expect(set["widget"]?["business_hours"]?.jsonText
                    == #"{"timezone":"Europe/Berlin","days":{"fri":[["09:00","12:00"],["13:00","17:00"]]}}"#)
            #expect(set["widget"]?["locale"]?.stringValue == "ar")
        }
    }

    @Test func availableMeansAnAgentOnlineWithinTheBusinessHours() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let admin = app.caller(site, role: "admin", sub: "boss")
            let available = { try app.request("GET", "/api/v1/widget/settings?website_id=\(site.id)").json()["available"]?.boolValue }
            #expect(try available() == false, "nobody is connected")
            let agent = try app.realtime(app.caller(site, role: "agent", sub: "a1").token)
            try eventually("an online agent makes the website available") { try available() == true }
            _ = try app.caller(site, role: "agent", sub: "a1").expect(200, "PUT", "/api/v1/me/availability", json: #"{"state":"away"}"#)
            try eventually("an away agent is not available") { try available() == false }
            _ = try app.caller(site, role: "agent", sub: "a1").expect(200, "PUT", "/api/v1/me/availability", json: #"{"state":"online"}"#)
            try eventually("online again") { try available() == true }
            // Hours on every day but today (in UTC): closed now, whoever is online.
            let today = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"][Int((currentUnixTime() / 86_400 + 4) % 7)]
            let otherDays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"].filter { $0 != today }
                .map { #""\#($0)":[["00:00","24:00"]]"# }.joined(separator: ",")
            _ = try admin.expect(200, "PATCH", "/api/v1/website",
                                 json: #"{"widget":{"business_hours":{"timezone":"UTC","days":{\#(otherDays)}}}}"#)
            try eventually("outside the hours nobody is available") { try available() == false }
            _ = try admin.expect(200, "PATCH", "/api/v1/website",
                                 json: #"{"widget":{"business_hours":{"timezone":"UTC","days":{"\#(today)":[["00:00","24:00"]]}}}}"#)
            try eventually("within the hours again") { try available() == true }
            _ = agent
        }
    }
}
