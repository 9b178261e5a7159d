import ArgumentParser
import Foundation
import HubspokeModel
import HubspokePlanner
import HubspokeScenarioIO
import HubspokeSupport
import HubspokeWorkspace

struct SuggestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "The best k distinct ways to cover an absence or a gap, each with its cost, its changes and why it ranks there.",
        discussion: """
        --absent POST DATE [am|pm] (a whole day without a half) or --gap SITE ROLE DATE am|pm (a session of \
        the role the rota must have there then). Sessions before that half-day stay as they are; from it on, \
        every changed session costs --change-weight, as in repair. Option 1 is repair's optimum; each next one is \
        the best rota whose changed sessions differ from those of every option before it. In a workspace \
        (--week W), from the week's published rota (or its latest version, or --version N); --apply N saves \
        option N as the week's next version, a draft. On files: SCENARIO --rota ROTA.csv [--previous FILE].
        """
    )

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(name: .long, help: ArgumentHelp("The rota to cover in (CSV or JSON written by hubspoke rota).", valueName: "file"))
    var rota: String?

    @Option(name: .long, help: ArgumentHelp("The rota of the week before, for the continuity term (as rota --previous).", valueName: "file"))
    var previous: String?

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("A post away: POST DATE [am|pm] (no half: the whole day).", valueName: "post date [half]"))
    var absent: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("A session to cover: SITE ROLE DATE am|pm.", valueName: "site role date half"))
    var gap: [String] = []

    @Option(name: .customLong("k"), help: "How many options (1 to 50).")
    var k = 5

    @Option(name: .long, help: "Penalty per changed session (a session removed or added), as in repair.")
    var changeWeight: Double = RepairPlan.defaultChangeWeight

    @Option(name: .long, help: "Output format: table or json.")
    var format: SuggestFormat = .table

    @OptionGroup var week: OptionalWeekOption

    @Option(name: .long, help: "With --week: the version to cover in (default: the published one, else the latest).")
    var version: Int?

    @Option(name: .long, help: "With --week: save option N as the week's next version, a draft.")
    var apply: Int?

    // Not `SolverOptions`: its --gap (the solver's) would clash with --gap SITE ROLE DATE HALF.
    @Option(name: .long, help: "Stop each option's solve after this many seconds with the best rota found.")
    var timeLimit: Double?

    @Flag(name: .long, help: "No live progress line on standard error while solving (it is drawn only on a terminal).")
    var quiet = false

    @OptionGroup var workspaceOptions: WorkspaceOptions

    enum SuggestFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

    func validate() throws {
        _ = try request()
        if !(1...50).contains(k) { throw ValidationError("--k must be from 1 to 50, got \(k)") }
        if !(changeWeight >= 0 && changeWeight <= 1_000_000) { throw ValidationError("--change-weight must be from 0 to 1000000, got \(changeWeight)") }
        if week.week == nil {
            if rota == nil { throw ValidationError("give --rota FILE (with the scenario), or --week for a workspace's stored version") }
            if version != nil || apply != nil { throw ValidationError("--version and --apply need --week") }
        } else if rota != nil || previous != nil || scenarioOptions.scenario != nil || scenarioOptions.demand != nil {
            throw ValidationError("--week covers in a workspace's stored version: leave out the scenario, --rota, --previous and --demand")
        }
        if let v = version, v < 1 { throw ValidationError("--version must be 1 or more, got \(v)") }
        if let n = apply, n < 1 { throw ValidationError("--apply must be 1 or more, got \(n)") }
        if let t = timeLimit, !(t > 0 && t <= 86_400) { throw ValidationError("--time-limit must be more than 0 and at most 86400 seconds, got \(t)") }
    }

    /// `--absent` or `--gap` read (exactly one of them).
    func request() throws -> CoverRequest {
        func date(_ flag: String, _ text: String) throws -> CalendarDate {
            guard let d = CalendarDate(iso: text) else { throw ValidationError("\(flag): the date must be YYYY-MM-DD, got \(text)") }
            return d
        }
        func half(_ flag: String, _ text: String) throws -> Half {
            guard let h = Half(key: text) else { throw ValidationError("\(flag): the half must be am or pm, got \(text)") }
            return h
        }
        switch (absent.isEmpty, gap.isEmpty) {
        case (false, true):
            guard (2...3).contains(absent.count) else { throw ValidationError("--absent takes POST DATE [am|pm]; got \(absent.count) value(s)") }
            return .absent(post: absent[0], date: try date("--absent", absent[1]), half: absent.count == 3 ? try half("--absent", absent[2]) : nil)
        case (true, false):
            guard gap.count == 4 else { throw ValidationError("--gap takes SITE ROLE DATE am|pm; got \(gap.count) value(s)") }
            return .gap(SessionNeed(site: gap[0], role: gap[1], at: DatedHalf(try date("--gap", gap[2]), try half("--gap", gap[3]))))
        default:
            throw ValidationError("give one of --absent POST DATE [am|pm] or --gap SITE ROLE DATE am|pm")
        }
    }

    func run() throws {
        let request = try request()
        let line = PlanProgressLine(quiet: quiet)
        defer { line?.finish() }
        var options = PlanOptions(timeLimit: timeLimit)
        options.startedAt = CommandClock.started
        options.progress = line?.observer
        if let monday = week.monday {
            // Without --apply it only reads: the workspace is opened read-only and not a byte is written.
            let ws = try apply == nil ? workspaceOptions.openReadOnly() : workspaceOptions.open()
            let o = try Fail.workspace { () throws(WorkspaceError) in
                try ws.suggest(week: monday, request: request, version: version, k: k, changeWeight: changeWeight, apply: apply, options: options)
            }
            line?.finish()
            Fail.notes(o.notes)
            let source = "\(o.source.label) (\(o.source.status.rawValue))"
            try emit(o.suggestions, source: source, applied: o.applied.map { ($0, apply ?? 0) }, hint: "the same command with --apply N")
            return
        }
        let scenario = try scenarioOptions.load()
        let path = rota ?? ""
        let file = try Fail.input { try RotaFile.load(path: path, scenario: scenario) }
        let prev = try previous.map { p in try Fail.input { try PreviousRota.load(path: p, scenario: scenario) } }
        let problems = request.problems(in: scenario)
        if !problems.isEmpty { throw Fail.message(problems.map { "\(flag(request)): \($0)" }.joined(separator: "\n"), .badInput) }
        let found: CoverSuggestions
        do {
            found = try CoverSuggestions.suggest(scenario, reference: file.sessions, request: request, previous: prev, k: k,
                                                 changeWeight: changeWeight, options: options)
        } catch let conflict as PlanConflict {
            throw Fail.message(conflict.description, .conflict)
        } catch {
            throw Fail.message("\(error)", .noResult)
        }
        line?.finish()
        try emit(found, source: "\(path) (\(file.rows.count) sessions)", applied: nil, hint: nil)
    }

    func flag(_ request: CoverRequest) -> String {
        if case .gap = request { return "--gap" }
        return "--absent"
    }

    func emit(_ found: CoverSuggestions, source: String, applied: (version: RotaVersion, option: Int)?, hint: String?) throws {
        switch format {
        case .table: try Console.out(text: TerminalText.escaped(SuggestText.table(found, source: source, applied: applied, hint: hint)))
        case .json: try Console.out(text: SuggestText.json(found, source: source, applied: applied?.version))
        }
    }
}
