import HordeCore

/// Where the operator's news and documents come from.
struct ContentConfig: Sendable {
    /// `HORDE_NEWS_FILE`: a JSON array of news items (`Newspiece`). Default: unset (the built-in item).
    var newsFile: String?
    /// `HORDE_DOCUMENTS_DIR`: a directory with `terms`, `privacy` and `sponsors` as `.md` and/or `.html`.
    /// Default: unset (the built-in documents).
    var documentsDirectory: String?

    /// Reads the settings.
    static func fromEnvironment(_ env: Environment) -> ContentConfig {
        ContentConfig(newsFile: env["HORDE_NEWS_FILE"], documentsDirectory: env["HORDE_DOCUMENTS_DIR"])
    }
}
