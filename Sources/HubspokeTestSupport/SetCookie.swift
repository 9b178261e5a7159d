/// The value a response sets for the cookie `name`, read from an HTTP response's status line and
/// headers as `curl -i` prints them (nil when it sets none; empty when it clears it).
public func setCookieValue(_ name: String, in response: String) -> String? {
    let prefix = "set-cookie: \(name.lowercased())="
    guard let line = response.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix(prefix) }) else { return nil }
    return String(line.dropFirst(prefix.count).prefix { $0 != ";" })
}

/// Signs in to `hubspoke serve` as a browser does, through `get(path, cookie, form)` (an HTTP client
/// that returns the status line, headers and body): the sign-in page first, for its token (a cookie
/// and the form's `_csrf` field), then the form. Returns the session cookie as `name=value`, or nil
/// with the sign-in's answer when it gave none.
public func signInOverHTTP(name: String, password: String,
                           _ get: (_ path: String, _ cookie: String?, _ form: [String: String]?) throws -> String) throws -> (cookie: String?, answer: String) {
    let page = try get("/login", nil, nil)
    guard let token = setCookieValue("hubspoke_signin", in: page) else { return (nil, page) }
    let answer = try get("/login", "hubspoke_signin=\(token)", ["name": name, "password": password, "_csrf": token])
    return (setCookieValue("hubspoke_session", in: answer).map { "hubspoke_session=\($0)" }, answer)
}
