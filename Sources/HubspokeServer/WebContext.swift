import Hummingbird
import HubspokeWorkspace

/// The signed-in user of a request, with their session's token and CSRF secret.
struct Caller: Sendable {
    var user: UserRecord
    var token: String
    var csrf: String

    var role: UserRole { user.role }

    /// Whether the user may read or change what belongs to `site`: a PRU lead only their own sites.
    func mayAct(onSite site: String) -> Bool {
        switch user.role {
        case .manager, .commissioner: true
        case .pruLead: user.sites.contains(site)
        case .specialist: false
        }
    }
}

/// Each request's context: the caller's address (for throttling and the sign-in log) and the
/// body limit; the route dispatcher finds the caller from the session cookie.
struct WebContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let address: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress ?? "local"
    }

    var maxUploadSize: Int { ServerSettings.maxBody }
}
