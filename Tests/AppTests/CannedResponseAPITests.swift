import JSON
import Testing
import TestSupport

/// Canned responses (contract §10, issue 18 point 2), on the backend under test.
@Suite struct CannedResponseAPITests {
    @Test func adminsManageThemAndStaffListThemByShortcutPrefix() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let admin = app.caller(site, role: "admin", sub: "boss")
            let created = try admin.expect(201, "POST", "/api/v1/canned-responses",
                                           json: #"{"shortcut":"refund-policy","title":"Refunds","text":"  Refunds take 5 days.  "}"#)
            #expect(created["id"]?.stringValue?.hasPrefix("cr_") == true)
            #expect(created["text"]?.stringValue == "Refunds take 5 days.")
            _ = try admin.expect(201, "POST", "/api/v1/canned-responses", json: #"{"shortcut":"refresh","title":"Reload","text":"Reload the page."}"#)
            _ = try admin.expect(201, "POST", "/api/v1/canned-responses", json: #"{"shortcut":"hello","title":"Hi","text":"Hello!"}"#)

            for role in ["agent", "bot", "admin"] {
                let caller = app.caller(site, role: role, sub: "\(role)-1")
                let all = try caller.expect(200, "GET", "/api/v1/canned-responses")["canned_responses"]?.arrayValue ?? []
                #expect(all.map { $0["shortcut"]?.stringValue ?? "" } == ["hello", "refresh", "refund-policy"])
                let refs = try caller.expect(200, "GET", "/api/v1/canned-responses?q=ref")["canned_responses"]?.arrayValue ?? []
                #expect(refs.map { $0["shortcut"]?.stringValue ?? "" } == ["refresh", "refund-policy"])
                #expect(try caller.expect(200, "GET", "/api/v1/canned-responses?q=refund-policy-x")["canned_responses"] == [])
            }

            let id = created["id"]?.stringValue ?? ""
            let changed = try admin.expect(200, "PATCH", "/api/v1/canned-responses/\(id)", json: #"{"text":"Refunds take a week."}"#)
            #expect(changed["shortcut"]?.stringValue == "refund-policy")
            #expect(changed["text"]?.stringValue == "Refunds take a week.")
            #expect(try admin.call("DELETE", "/api/v1/canned-responses/\(id)").status == 204)
            #expect(try admin.call("DELETE", "/api/v1/canned-responses/\(id)").status == 404)
            #expect(try admin.call("PATCH", "/api/v1/canned-responses/\(id)", json: #"{"title":"x"}"#).status == 404)
            let left = try admin.expect(200, "GET", "/api/v1/canned-responses")["canned_responses"]?.arrayValue ?? []
            #expect(left.map { $0["shortcut"]?.stringValue ?? "" } == ["hello", "refresh"])
        }
    }

    @Test func badShortcutsAreRefusedAndDuplicatesConflict() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let admin = app.caller(site, role: "admin", sub: "boss")
            for shortcut in ["", "Hello", "two words", "ünï", "a/b", String(repeating: "a", count: 33)] {
                let body = JSONValue.object(["shortcut": .string(shortcut), "title": "t", "text": "x"]).jsonText
                let response = try admin.call("POST", "/api/v1/canned-responses", json: body)
                #expect(response.status == 400, "\(shortcut)")
                #expect(response.errorCode == "bad_field", "\(shortcut)")
            }
            #expect(try admin.call("POST", "/api/v1/canned-responses", json: #"{"shortcut":"a","title":"t"}"#).status == 400)
            #expect(try admin.call("POST", "/api/v1/canned-responses", json: #"{"shortcut":"a","title":"t","text":"x","extra":1}"#).status == 400)
            let first = try admin.expect(201, "POST", "/api/v1/canned-responses", json: #"{"shortcut":"hi","title":"t","text":"x"}"#)
            let second = try admin.expect(201, "POST", "/api/v1/canned-responses", json: #"{"shortcut":"hey","title":"t","text":"y"}"#)
            let duplicate = try admin.call("POST", "/api/v1/canned-responses", json: #"{"shortcut":"hi","title":"again","text":"z"}"#)
            #expect(duplicate.status == 409)
            #expect(duplicate.errorCode == "conflict")
            let renamed = try admin.call("PATCH", "/api/v1/canned-responses/\(second["id"]?.stringValue ?? "")", json: #"{"shortcut":"hi"}"#)
            #expect(renamed.status == 409)
            #expect(try admin.call("GET", "/api/v1/canned-responses?q=H").errorCode == "bad_field")
            #expect(try admin.call("GET", "/api/v1/canned-responses?status=open").status == 400)
            // Nothing of the refused requests was stored; the other website shares no shortcut.
            let kept = try admin.expect(200, "GET", "/api/v1/canned-responses")["canned_responses"]?.arrayValue ?? []
            #expect(kept.map { $0["shortcut"]?.stringValue ?? "" } == ["hey", "hi"])
            #expect(kept.first { $0["shortcut"]?.stringValue == "hi" }?["id"] == first["id"])
            let other = app.caller(try app.createWebsite("Other"), role: "admin", sub: "boss")
            _ = try other.expect(201, "POST", "/api/v1/canned-responses", json: #"{"shortcut":"hi","title":"t","text":"x"}"#)
            #expect(try other.expect(200, "GET", "/api/v1/canned-responses")["canned_responses"]?.arrayValue?.count == 1)
        }
    }

    @Test func visitorsCannotSeeThemAndOnlyUnscopedAdminsChangeThem() async throws {
        try await withApp { app in
            let site = try app.createWebsite()
            let admin = app.caller(site, role: "admin", sub: "boss")
            let id = try admin.expect(201, "POST", "/api/v1/canned-responses", json: #"{"shortcut":"hi","title":"t","text":"x"}"#)["id"]?
                .stringValue ?? ""
            let visitor = app.caller(site, role: "visitor", sub: "v1")
            #expect(try visitor.call("GET", "/api/v1/canned-responses").status == 403)
            for caller in [app.caller(site, role: "agent", sub: "a1"), app.caller(site, role: "bot", sub: "b1"), visitor,
                           app.caller(site, role: "admin", sub: "scoped", scope: ["metadata": ["team": "x"]])] {
                #expect(try caller.call("POST", "/api/v1/canned-responses", json: #"{"shortcut":"x","title":"t","text":"x"}"#).status == 403)
                #expect(try caller.call("PATCH", "/api/v1/canned-responses/\(id)", json: #"{"title":"x"}"#).status == 403)
                #expect(try caller.call("DELETE", "/api/v1/canned-responses/\(id)").status == 403)
            }
            let otherAdmin = app.caller(try app.createWebsite("Other"), role: "admin", sub: "boss")
            #expect(try otherAdmin.call("DELETE", "/api/v1/canned-responses/\(id)").status == 404)
            #expect(try app.request("GET", "/api/v1/canned-responses").status == 401)
        }
    }
}
