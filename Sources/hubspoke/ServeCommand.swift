import ArgumentParser
import Foundation
import Synchronization
import HubspokeModel
import HubspokeServer
import HubspokeStaffing
import HubspokeWorkspace

/// `hubspoke serve`: the web service over a workspace (created from the embedded default if missing).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the workspace on the web: managers, PRU leads, specialists and commissioners sign in (see README, Web service).",
        discussion: """
        It listens on 127.0.0.1 unless --host says otherwise; for TLS, put it behind a reverse proxy (nginx, Caddy) \
        and give the address people use with --public-url (cookies are then Secure). With no manager yet, it adds \
        the user `manager` and prints the one-time link that sets their password. There is no default password.
        """
    )

    @Option(name: .long, help: "The address to listen on.") var host = "127.0.0.1"
    @Option(name: .long, help: "The port.") var port = 8080
    @Option(name: .long, help: ArgumentHelp("The address people reach the service at (default: http://HOST:PORT).", valueName: "url"))
    var publicURL: String?
    @Flag(name: .long, help: ArgumentHelp("Behind a reverse proxy on this machine: throttle and log sign-ins by the address the proxy forwards (X-Forwarded-For, its last entry) for connections from loopback."))
    var behindProxy = false
    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be from 1 to 65535, got \(port)") }
        if let u = publicURL, !(u.hasPrefix("http://") || u.hasPrefix("https://")) { throw ValidationError("--public-url must start with http:// or https://, got \(u)") }
    }

    func run() throws {
        let ws = try openOrCreate()
        var settings = ServerSettings(host: host, port: port, publicURL: publicURL)
        settings.behindProxy = behindProxy
        let app = try Fail.workspace { () throws(WorkspaceError) in try WebApp(workspace: ws, settings: settings) }
        let users = try Fail.workspace { () throws(WorkspaceError) in try ws.users() }
        if !users.contains(where: { $0.role == .manager && !$0.disabled }) {
            let link = try Fail.workspace { () throws(WorkspaceError) in try ws.addUser(name: "manager", role: .manager) }
            try Console.line("First manager: set the password of user `manager` at \(settings.publicURL)\(link.path) (valid 7 days, shown once)")
        }
        try Console.line("Serving \(ws.path) at \(settings.publicURL) (listening on \(host):\(port)); Ctrl-C stops")
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task.detached {
            do { try await app.run() } catch { failure.set("\(error)") }
            done.signal()
        }
        done.wait()
        if let message = failure.message { throw Fail.message("the server stopped: \(message)", .workspaceUnavailable) }
    }

    func openOrCreate() throws -> Workspace {
        let path = workspaceOptions.path
        if FileManager.default.fileExists(atPath: path) { return try workspaceOptions.open() }
        var source = try Fail.input { try ScenarioSource.named(nil) }
        source.sections = .all
        let parsed = try Fail.input { try source.parse() }
        let ws = try Fail.workspace { () throws(WorkspaceError) in
            try Workspace.create(at: path, scenario: source, calendar: WeekCalendar(start: parsed.startDate, weeks: 52))
        }
        try Console.line("Created workspace \(ws.path) for \(parsed.name) (the embedded default scenario); calendar \(ws.calendar.description)")
        return ws
    }
}

/// The server task's error, handed to the main thread.
final class FailureBox: Sendable {
    private let text = Mutex<String?>(nil)
    func set(_ s: String) { text.withLock { $0 = s } }
    var message: String? { text.withLock { $0 } }
}
