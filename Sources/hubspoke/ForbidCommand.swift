import ArgumentParser

struct ForbidCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forbid",
        abstract: "Record, list or remove forbids (a post that must not be at a site on a half-day).",
        subcommands: [SessionRuleAddCommand<ForbidRule>.self, SessionRuleListCommand<ForbidRule>.self, SessionRuleRemoveCommand<ForbidRule>.self,
                      ForbidOldSpelling.self],
        // `forbid POST SITE DATE am|pm [--remove]`, the old spelling, still parses for one release.
        defaultSubcommand: ForbidOldSpelling.self
    )
}
