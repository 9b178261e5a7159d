import HubspokeModel
import HubspokeSupport

/// Where a child is in the service.
enum ChildState: UInt8 {
    /// Referred, waiting for a first session (the assessment).
    case waiting
    /// Assessed, with sessions of some role still to come.
    case inTreatment
    /// Every session needed has been attended.
    case completed
    /// Left the service before finishing (while waiting or in treatment).
    case droppedOut
}

/// One value per child and role, stored flat at `child * roles + role`.
struct PerRole<Element> {
    let roles: Int
    private(set) var values: [Element] = []

    init(roles: Int) { self.roles = roles }

    subscript(child: Int, role: Int) -> Element {
        get { values[child * roles + role] }
        set { values[child * roles + role] = newValue }
    }

    /// Adds a child with `value` for every role.
    mutating func appendChild(_ value: Element) {
        for _ in 0..<roles { values.append(value) }
    }
}

/// The children of one replication, field by field (a struct of arrays, for speed): child `c` is
/// index `c` of every field. Children are only added, with `append`, so the fields stay aligned.
struct ChildTable {
    private(set) var site: [Int32] = []
    /// 0 urgent, 1 soon, 2 routine (the order of `SimulationSettings.priorityMix`).
    private(set) var priority: [UInt8] = []
    /// Hour of referral (negative for children on a starting list).
    private(set) var referred: [Double] = []
    /// Hour of the first session, or -1.
    var firstSeen: [Double] = []
    /// When the child stopped waiting for a first session (seen or dropped out), or -1.
    var leftWaiting: [Double] = []
    var state: [ChildState] = []
    /// Role of the assessment.
    private(set) var assessment: [Int16] = []
    /// Roles still to be seen (the assessment counts as one).
    var pending: [Int16] = []
    /// Sessions still needed after the assessment.
    var remaining: PerRole<Int16>
    /// Last week with a session booked, or -1.
    var lastWeek: PerRole<Int32>
    /// Last quarter counted in the quarterly return, plus 1 (0: none yet).
    var quarterCounted: PerRole<Int16>
    /// The child's own random stream (attendance, service times).
    var stream: [SeededRandom] = []
    /// Referred in the measured period.
    var measured: [Bool] = []
    /// The post that first saw the child for each role (its first attended session), or -1.
    var boundPost: PerRole<Int16>

    init(roles: Int) {
        remaining = PerRole(roles: roles)
        lastWeek = PerRole(roles: roles)
        quarterCounted = PerRole(roles: roles)
        boundPost = PerRole(roles: roles)
    }

    var count: Int { site.count }
    var indices: Range<Int> { 0..<count }

    /// Adds a child waiting for its assessment, and returns its index.
    mutating func append(site s: Int, priority: Int, referred: Double, profile: SimulationSettings.NeedProfile, seed: UInt64) -> Int {
        let c = count
        site.append(Int32(s)); self.priority.append(UInt8(priority)); self.referred.append(referred)
        firstSeen.append(-1); leftWaiting.append(-1); state.append(.waiting); assessment.append(Int16(profile.assessment))
        stream.append(SeededRandom(seed: seed)); measured.append(false)
        pending.append(Int16(1 + profile.sessions.count))
        remaining.appendChild(0); lastWeek.appendChild(-1); quarterCounted.appendChild(0); boundPost.appendChild(-1)
        for rc in profile.sessions { remaining[c, rc.role] = Int16(rc.count) }
        return c
    }

    /// Whether child `c` still needs a session of role `r`.
    func needs(_ c: Int, _ r: Int) -> Bool {
        switch state[c] {
        case .waiting: Int(assessment[c]) == r
        case .inTreatment: remaining[c, r] > 0
        case .completed, .droppedOut: false
        }
    }

    /// Service order: priority, then referral time, then arrival order.
    func before(_ a: Int, _ b: Int) -> Bool {
        (priority[a], referred[a], a) < (priority[b], referred[b], b)
    }
}
