import ArgumentParser
import HubspokeSupport
import HubspokeWorkspace

/// `hubspoke user add|list|disable|reset-password`: the web service's users (as the manager's users page).
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add, list, disable the web service's users, or reset a password (a one-time link; there is never a default password).",
        subcommands: [UserAddCommand.self, UserListCommand.self, UserDisableCommand.self, UserResetCommand.self]
    )
}

/// `--public-url`: the address the one-time links start with.
struct PublicURLOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The service's address, for the one-time link (default: http://127.0.0.1:8080).", valueName: "url"))
    var publicURL: String = "http://127.0.0.1:8080"

    func link(_ l: SetupLink) -> String { publicURL.trimmingCharacters(in: .init(charactersIn: "/")) + l.path }
}

struct UserAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a user; prints the one-time link that sets their password (valid 7 days).")

    @Argument(help: "The user name (letters, digits, . _ - @).") var name: String
    @Option(name: .long, help: "manager, pru_lead, specialist or commissioner.") var role: String
    @Option(name: .long, help: "A PRU lead's site (repeat for several).") var site: [String] = []
    @Option(name: .long, help: "A specialist's post.") var post: String?
    @OptionGroup var url: PublicURLOption
    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        guard let r = UserRole(rawValue: role) else {
            throw Fail.message("--role \(role): one of \(UserRole.allCases.map(\.rawValue).joined(separator: ", "))", .badInput)
        }
        let ws = try workspaceOptions.open()
        let link = try Fail.workspace { () throws(WorkspaceError) in try ws.addUser(name: name, role: r, sites: site, post: post) }
        try Console.line("Added \(link.user.name) (\(r.label)). One-time link to set the password (valid 7 days, shown once):")
        try Console.line("  \(url.link(link))")
    }
}

struct UserListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the users.")
    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let ws = try workspaceOptions.openReadOnly()
        let users = try Fail.workspace { () throws(WorkspaceError) in try ws.users() }
        var t = TextTable()
        t.add(["name", "role", "sites or post", "state"])
        for u in users {
            t.add([u.name, u.role.rawValue, (u.sites + (u.post.map { [$0] } ?? [])).joined(separator: " "),
                   u.disabled ? "disabled" : u.hasPassword ? "active" : "waiting for password"])
        }
        try Console.line(users.isEmpty ? "No users." : TerminalText.escaped(t.render()))
    }
}

struct UserDisableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: "Disable a user: their sessions end and their calendar feeds are revoked.")
    @Argument(help: "The user name.") var name: String
    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let ws = try workspaceOptions.open()
        let user = try Fail.workspace { () throws(WorkspaceError) in try ws.disableUser(name: name) }
        try Console.line("Disabled \(user.name).")
    }
}

struct UserResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reset-password", abstract: "Clear a user's password; prints a new one-time link to set it.")
    @Argument(help: "The user name.") var name: String
    @OptionGroup var url: PublicURLOption
    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let ws = try workspaceOptions.open()
        let link = try Fail.workspace { () throws(WorkspaceError) in try ws.resetPassword(name: name) }
        try Console.line("Password of \(link.user.name) cleared; their sessions ended. One-time link (valid 7 days, shown once):")
        try Console.line("  \(url.link(link))")
    }
}
