import Foundation
import Testing

/// `hubspoke user add|list|disable|reset-password`: one-time links, never a password, and bad input refused.
@Suite struct UserCLITests {
    @Test func usersThroughTheCommandLine() throws {
        let ws = WorkspaceCLI()
        try ws.ok(["init"])
        let added = try ws.ok(["user", "add", "ann", "--role", "pru_lead", "--site", "PRU-CANT", "--public-url", "https://rota.example.org/"])
        let link = try #require(added.range(of: "https://rota.example.org/setup/[A-Za-z0-9_-]{43}", options: .regularExpression))
        #expect(!added[link].isEmpty)
        try ws.ok(["user", "add", "ep1", "--role", "specialist", "--post", "EP-1"])
        let list = try ws.ok(["user", "list"])
        #expect(list.contains("ann") && list.contains("pru_lead") && list.contains("PRU-CANT") && list.contains("waiting for password"))
        #expect(list.contains("ep1") && list.contains("EP-1"))
        let reset = try ws.ok(["user", "reset-password", "ann"])
        #expect(reset.contains("/setup/") && !reset.contains(String(added[link])), "a new link, not the old one")
        try ws.ok(["user", "disable", "ep1"])
        #expect(try ws.ok(["user", "list"]).contains("disabled"))
        let before = try ws.logLength()
        for bad in [["user", "add", "bob", "--role", "boss"], ["user", "add", "bob", "--role", "pru_lead"], ["user", "add", "bob", "--role", "pru_lead", "--site", "HUB"],
                    ["user", "add", "ann", "--role", "manager"], ["user", "add", "b c", "--role", "manager"], ["user", "add", "bob", "--role", "specialist", "--post", "XX-1"],
                    ["user", "disable", "nobody"]] {
            let r = try ws.run(bad)
            #expect(r.status == 1 && !r.err.isEmpty, "\(bad): \(r.status) \(r.err)")
        }
        #expect(try ws.logLength() == before, "nothing changed")
        let history = try ws.ok(["history"])
        #expect(history.contains("user ann added as PRU lead of PRU-CANT") && history.contains("user ep1 disabled"))
    }
}

/// The last active manager cannot be disabled (nobody could manage the service, and only the command line could recover it).
@Suite struct LastManagerCLITests {
    @Test func theLastActiveManagerIsNotDisabled() throws {
        let ws = WorkspaceCLI()
        try ws.ok(["init"])
        try ws.ok(["user", "add", "boss", "--role", "manager"])
        let before = try ws.logLength()
        let refused = try ws.run(["user", "disable", "boss"])
        #expect(refused.status == 1 && refused.err.contains("boss is the last active manager"), "\(refused.status) \(refused.err)")
        #expect(try ws.logLength() == before, "nothing changed")
        try ws.ok(["user", "add", "boss2", "--role", "manager"])
        try ws.ok(["user", "disable", "boss"])
        #expect(try ws.run(["user", "disable", "boss2"]).status == 1, "boss2 is now the last one")
        // A reset enables a disabled manager again; then boss2 may go.
        try ws.ok(["user", "reset-password", "boss"])
        try ws.ok(["user", "disable", "boss2"])
    }
}
