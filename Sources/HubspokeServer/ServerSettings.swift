import Foundation

/// How the web service runs: where it listens, the address people reach it at, and its security limits.
public struct ServerSettings: Sendable {
    public var host: String
    public var port: Int
    /// The address people use (e.g. `https://rota.example.nhs.uk` behind a reverse proxy); links and
    /// the cookies' `Secure` attribute follow it.
    public var publicURL: String
    /// How long a session lasts after signing in.
    public var sessionLifetime = 8 * 3600
    /// The largest request body accepted (forms and JSON); larger ones get 413.
    public static let maxBody = 64 * 1024
    /// Failed sign-ins allowed per account, and per address, in `throttleWindow` seconds.
    public var accountFailures = 5
    public var addressFailures = 20
    public var throttleWindow = 15 * 60
    /// Behind a reverse proxy on this machine (`serve --behind-proxy`): for a connection from loopback,
    /// the caller's address is the last one in `X-Forwarded-For` (the one the proxy added), so the
    /// per-address throttle and the sign-in log see each person's address, not the proxy's. Off by
    /// default: the header is then ignored, as anyone can send it.
    public var behindProxy = false
    /// bcrypt's cost (2^cost rounds); tests lower it.
    public var bcryptCost: UInt8 = 12
    /// Runs on a plan job's own thread before it plans (tests hold a job there to see a second
    /// request join it; nil in service).
    public var beforePlanning: (@Sendable () -> Void)? = nil

    public init(host: String = "127.0.0.1", port: Int = 8080, publicURL: String? = nil) {
        self.host = host
        self.port = port
        self.publicURL = (publicURL ?? "http://\(host):\(port)").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
    }

    /// Cookies are `Secure` when people reach the service over https.
    public var secureCookies: Bool { publicURL.lowercased().hasPrefix("https://") }
}

extension ServerSettings {
    /// Minimum password length (a passphrase of a few words fits).
    public static let minimumPasswordLength = 12
}
