import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import HubspokeModel
@testable import HubspokeServer
@testable import HubspokeWorkspace

/// A hand edit on the web (`hubspoke edit --move`): saved as a draft when every hard rule holds,
/// refused with the rules it breaks otherwise, and refused as stale when a version was saved since
/// the form was read; through the page and the API, logged with the user.
@Suite(.serialized) struct HandEditTests {
    static let w = "/weeks/\(week1.iso)"

    @Test func aMoveIsSavedRefusedOrStale() async throws {
        let fixture = try ServerFixture()
        let thursday = week1.adding(days: 3)
        _ = try fixture.ws.addAbsence(post: "SLT-1", dates: [thursday], half: nil, reason: nil)
        let planned = try fixture.ws.plan(week: week1)
        let session = try #require(planned.rota.assignments.first { $0.post != "SLT-1" })
        try await fixture.test { client in
            let m = try #require(try await client.signIn("manager"))
            let week = try await client.get(Self.w, session: m)
            #expect(week.text.contains("action=\"\(Self.w)/edit\"") && week.text.contains("name=\"version\" value=\"1\""), "the form, read at version 1")

            // Breaks leave: refused with the rule, nothing saved.
            let breaking = try await client.post("\(Self.w)/edit", session: m, form: ["version": "1", "post": "SLT-1", "date": thursday.iso, "half": "am", "site": "PRU-CHAT"])
            #expect(breaking.status == .unprocessableContent && breaking.text.contains("breaks") && breaking.text.contains("SLT-1 is on leave"), "\(breaking.text.prefix(800))")
            #expect(try fixture.ws.versions(week: week1).count == 1)

            // Keeps every rule: saved as version 2, a draft.
            let moved = try await client.post("\(Self.w)/edit", session: m, form: ["version": "1", "post": session.post, "date": session.date.iso,
                                                                                      "half": session.half.key, "site": "off"])
            #expect(moved.status == .seeOther, "\(moved.text.prefix(800))")
            let versions = try fixture.ws.versions(week: week1)
            #expect(versions.count == 2 && versions.last?.status == .draft)
            let v2 = try fixture.ws.storedRota(week: week1, version: 2).rota
            #expect(!v2.assignments.contains { $0.post == session.post && $0.date == session.date && $0.half == session.half })
            #expect(v2.assignments.count == planned.rota.assignments.count - 1)

            // The same form again, read at version 1: stale, both versions shown, nothing saved.
            let stale = try await client.post("\(Self.w)/edit", session: m, form: ["version": "1", "post": "EP-1", "date": week1.iso, "half": "am", "site": "off"])
            #expect(stale.status == .conflict && stale.text.contains("version 2 has been saved since"), "\(stale.text.prefix(600))")
            let staleAPI = try await client.api("/api/v1\(Self.w)/edit", .post, session: m,
                                                json: #"{"version": 1, "post": "EP-1", "date": "2026-11-30", "half": "am", "site": "off"}"#)
            #expect(staleAPI.status == .conflict && staleAPI.json["current"] as? Int == 2)
            let refusedAPI = try await client.api("/api/v1\(Self.w)/edit", .post, session: m,
                                                  json: "{\"version\": 2, \"post\": \"SLT-1\", \"date\": \"\(thursday.iso)\", \"half\": \"pm\", \"site\": \"PRU-CHAT\"}")
            #expect(refusedAPI.status == .unprocessableContent && (refusedAPI.json["breaches"] as? [String])?.isEmpty == false, "\(refusedAPI.text)")
            // Bad input: a clear 400 and nothing saved.
            for (field, form) in [("site", ["site": "PRU-NOWHERE"]), ("half", ["half": "evening"]), ("version", ["version": "x"]), ("post", ["post": "EP-9"])] {
                var f = ["version": "2", "post": "EP-1", "date": week1.iso, "half": "am", "site": "off"]
                f.merge(form) { $1 }
                let r = try await client.post("\(Self.w)/edit", session: m, form: f)
                #expect(r.status == .badRequest && r.text.contains(field), "\(field): \(r.status) \(r.text.prefix(300))")
            }
            #expect(try fixture.ws.versions(week: week1).count == 2)
        }
        let log = try fixture.ws.history().filter { $0.command == "edit" }
        #expect(log.count == 1 && log[0].user == "manager")
    }
}
