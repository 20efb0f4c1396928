import HTTP
import Messages
import ServiceKit

/// One document in both formats.
struct HordeDocumentText: Sendable {
    /// The markdown text.
    let markdown: String
    /// The HTML text.
    let html: String

    /// The `format` query's answer: `html` (default) or `markdown`; anything else is a 400.
    func response(format: String?) throws -> HTTPResponse {
        switch format ?? "html" {
        case "html": return .json(200, HordeDocument(html: html), encoder: APICoding.encoder())
        case "markdown": return .json(200, HordeDocument(markdown: markdown), encoder: APICoding.encoder())
        default: throw HordeError.validation("format", "'\(format ?? "")' is not one of ['html', 'markdown']")
        }
    }
}
