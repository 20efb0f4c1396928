/// `Newspiece`: one item of `GET /v2/status/news`.
package struct Newspiece: Codable, Sendable, Equatable {
    /// When it was published (`YYYY-MM-DD`).
    package var datePublished: String
    /// The news text (markdown).
    package var newspiece: String
    /// `Information`, `Workers`, `Crisis`, ….
    package var importance: String
    /// Tags.
    package var tags: [String]
    /// A short title.
    package var title: String?
    /// Links with more information.
    package var moreInfoUrls: [String]

    /// A news item.
    package init(
        datePublished: String, newspiece: String, importance: String = "Information", tags: [String] = [],
        title: String? = nil, moreInfoUrls: [String] = []
    ) {
        self.datePublished = datePublished
        self.newspiece = newspiece
        self.importance = importance
        self.tags = tags
        self.title = title
        self.moreInfoUrls = moreInfoUrls
    }

    /// Reads an item, defaulting every field but the date and the text.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        datePublished = try c.decode(String.self, forKey: .datePublished)
        newspiece = try c.decode(String.self, forKey: .newspiece)
        importance = try c.decodeIfPresent(String.self, forKey: .importance) ?? "Information"
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        title = try c.decodeIfPresent(String.self, forKey: .title)
        moreInfoUrls = try c.decodeIfPresent([String].self, forKey: .moreInfoUrls) ?? []
    }

    enum CodingKeys: String, CodingKey {
        case newspiece, importance, tags, title
        case datePublished = "date_published"
        case moreInfoUrls = "more_info_urls"
    }
}
