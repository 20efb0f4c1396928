/// `HordeDocument`: a document in the format asked for (`GET /v2/documents/…`); the other field is absent.
package struct HordeDocument: Codable, Sendable, Equatable {
    /// The document as HTML.
    package var html: String?
    /// The document as markdown.
    package var markdown: String?

    /// A document.
    package init(html: String? = nil, markdown: String? = nil) {
        self.html = html
        self.markdown = markdown
    }
}
