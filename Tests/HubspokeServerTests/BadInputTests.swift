import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import HubspokeServer
@testable import HubspokeWorkspace

/// Malformed forms and JSON, huge bodies, unknown weeks, sites and posts, dates out of the calendar:
/// each a clear message and a 4xx, and nothing changed (the change log does not grow).
@Suite(.serialized) struct BadInputTests {
    @Test func refusedWithAClearMessageAndNothingChanged() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let m = try #require(try await client.signIn("manager"))
            let lead = try #require(try await client.signIn("lead"))
            let before = try fixture.ws.history().count
            let w = "/weeks/\(week1.iso)"
            let cases: [(String, TestResponse, HTTPResponse.Status, String)] = [
                ("malformed form", try await client.request("\(w)/cutoff", .post, session: m, body: "_csrf=\(m.csrf)&closes_at=%ZZ", type: "application/x-www-form-urlencoded"), .badRequest, "malformed"),
                ("a field twice", try await client.request("\(w)/cutoff", .post, session: m, body: "_csrf=\(m.csrf)&a=1&a=2", type: "application/x-www-form-urlencoded"), .badRequest, "twice"),
                ("malformed JSON", try await client.api("/api/v1\(w)/requests/PRU-CANT", .put, session: lead, json: "{\"version\": 0, \"rows\": [}"), .badRequest, "malformed"),
                ("JSON missing a field", try await client.api("/api/v1\(w)/requests/PRU-CANT", .put, session: lead, json: "{\"rows\": []}"), .badRequest, "version: missing"),
                ("JSON with a wrong type", try await client.api("/api/v1\(w)/requests/PRU-CANT", .put, session: lead, json: "{\"version\": \"x\", \"rows\": []}"), .badRequest, "version"),
                ("a huge body", try await client.post("\(w)/requests/PRU-CANT", session: lead, form: ["version": "0", "note": String(repeating: "a", count: 100_000)]), .contentTooLarge, "larger than"),
                ("an unknown week", try await client.get("/weeks/2026-12-01", session: m), .notFound, "2026-12-01"),
                ("a week out of the calendar", try await client.get("/weeks/2030-01-07", session: m), .notFound, "2030-01-07"),
                ("not a date", try await client.get("/weeks/someday", session: m), .notFound, "not a date"),
                ("an unknown site", try await client.get("\(w)/requests/PRU-NOWHERE", session: m), .notFound, "unknown site"),
                ("an unknown post", try await client.post("\(w)/absences", session: m, form: ["post": "XX-9", "date": "2026-12-02"]), .badRequest, "unknown post"),
                ("a date out of the week", try await client.post("\(w)/absences", session: m, form: ["post": "EP-1", "date": "2026-12-09"]), .badRequest, "not in the week"),
                ("an unknown role", try await client.api("/api/v1\(w)/requests/PRU-CANT", .put, session: lead, json: #"{"version":0,"rows":[{"role":"XYZ","priority":"urgent","sessions":1}]}"#), .badRequest, "unknown role"),
                ("too many sessions", try await client.post("\(w)/requests/PRU-CANT", session: lead, form: ["version": "0", "s-EP-urgent": "500"]), .badRequest, "0 to 50"),
                ("a note with an NHS number", try await client.post("\(w)/requests/PRU-CANT", session: lead, form: ["version": "0", "s-EP-urgent": "1", "note": "943 476 5919"]), .badRequest, "NHS number"),
                ("a bad cut-off", try await client.post("\(w)/cutoff", session: m, form: ["version": "0", "closes_at": "tomorrow"]), .badRequest, "YYYY-MM-DD"),
                ("a cut-off on 30 February", try await client.post("\(w)/cutoff", session: m, form: ["version": "0", "closes_at": "2026-02-30T12:00"]), .badRequest, "not a date and time"),
                ("a cut-off at 25:00", try await client.post("\(w)/cutoff", session: m, form: ["version": "0", "closes_at": "2026-11-27T25:00"]), .badRequest, "UTC"),
                ("a cut-off at 12:60 by the API", try await client.api("/api/v1\(w)/cutoff", .put, session: m, json: #"{"version":0,"closesAt":"2026-11-27T12:60"}"#), .badRequest, "YYYY-MM-DDTHH:MM"),
                ("duplicate request rows", try await client.api("/api/v1\(w)/requests/PRU-CANT", .put, session: lead,
                    json: #"{"version":0,"rows":[{"role":"EP","priority":"urgent","sessions":1},{"role":"SLT","priority":"high","sessions":1},{"role":"EP","priority":"urgent","sessions":2}]}"#), .badRequest, "rows 1 and 3 both give EP urgent"),
                ("a JSON array body", try await client.api("/api/v1\(w)/requests/PRU-CANT", .put, session: lead, json: "[1, 2]"), .badRequest, "the body: expected a JSON object"),
                ("half a session", try await client.api("/api/v1\(w)/requests/PRU-CANT", .put, session: lead, json: #"{"version":0,"rows":[{"role":"EP","priority":"urgent","sessions":1.5}]}"#), .badRequest, "rows[0].sessions: expected a whole number"),
                ("a string for sessions", try await client.api("/api/v1\(w)/requests/PRU-CANT", .put, session: lead, json: #"{"version":0,"rows":[{"role":"EP","priority":"urgent","sessions":"two"}]}"#), .badRequest, "rows[0].sessions: expected a whole number"),
                ("a row without its role", try await client.api("/api/v1\(w)/requests/PRU-CANT", .put, session: lead, json: #"{"version":0,"rows":[{"priority":"urgent","sessions":1}]}"#), .badRequest, "rows[0].role: missing"),
                ("the last manager disabled", try await client.post("/users/manager/disable", session: m), .badRequest, "last active manager"),
                ("an unknown user", try await client.post("/users/nobody/disable", session: m), .badRequest, "no user nobody"),
                ("a PRU lead without sites", try await client.post("/users", session: m, form: ["name": "newlead", "role": "pru_lead"]), .badRequest, "site"),
                ("an unknown job", try await client.get("/jobs/12345", session: m), .notFound, "no such job"),
            ]
            for (what, r, status, message) in cases {
                #expect(r.status == status, "\(what): \(r.status.code), expected \(status.code)")
                #expect(r.text.contains(message), "\(what): the message says \(message): \(r.text.prefix(300))")
            }
            #expect(try fixture.ws.history().count == before, "nothing changed")
            #expect(try fixture.ws.requests(week: week1, site: "PRU-CANT").version == 0)
        }
    }
}
