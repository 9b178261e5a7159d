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
    /// bcrypt's cost (2^cost rounds); tests lower it.
    public var bcryptCost: UInt8 = 12

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
