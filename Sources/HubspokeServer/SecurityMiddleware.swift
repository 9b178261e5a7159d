import Foundation
import Hummingbird
import HubspokeReports
import HubspokeWorkspace

/// Every response of the service, answer or refusal, carries the security headers; every error
/// becomes a page (or JSON under /api/) with its 4xx or 5xx status, never a stack or SQL text.
struct SecurityMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let app: WebApp

    /// Scripts, styles and images from the service only; no framing; forms post only to it.
    static let contentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = Self.refusal(error, api: request.uri.path.hasPrefix("/api/"))
        }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }

    /// The page or JSON for an error: its status and a message for people.
    static func refusal(_ error: any Error, api: Bool) -> Response {
        let (status, message) = describe(error)
        if status == .seeOther { return Responses.redirect(message) }
        if api { return Responses.json(["error": message], status: status) }
        return Responses.html(Layout.page(title: "\(status.code) \(status.reasonPhrase)", caller: nil, body: [
            HTML.el("p", ["class": "problem"], text: message),
            HTML.el("p") { HTML.el("a", ["href": "/"], text: "Back to the start page") },
        ]), status: status)
    }

    static func describe(_ error: any Error) -> (HTTPResponse.Status, String) {
        switch error {
        case let e as WebError: return (e.status, e.message)
        case let e as WorkspaceError:
            switch e.kind {
            case .badInput: return (.badRequest, e.description)
            case .conflict: return (.conflict, e.description)
            case .noRota: return (.unprocessableContent, e.description)
            case .storage: return (.serviceUnavailable, "the workspace is busy or cannot be written: try again")
            }
        case let e as HTTPError:
            return (e.status, e.status == .notFound ? "there is no such page" : e.status.reasonPhrase)
        default: return (.internalServerError, "something went wrong on the server")
        }
    }
}
