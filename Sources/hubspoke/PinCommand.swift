import ArgumentParser

struct PinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin",
        abstract: "Record, list or remove pins (a post that must be at a site on a half-day).",
        subcommands: [SessionRuleAddCommand<PinRule>.self, SessionRuleListCommand<PinRule>.self, SessionRuleRemoveCommand<PinRule>.self,
                      PinOldSpelling.self],
        // `pin POST SITE DATE am|pm` and `pin --list`, the old spellings, still parse for one release.
        defaultSubcommand: PinOldSpelling.self
    )
}
