import HTTP
import HordeCore
import Messages

/// `GET /v2/status/news` and `GET /v2/documents/{terms,privacy,sponsors}`, read once at start from the
/// operator's files, or the built-in defaults.
enum ContentRoutes {
    /// Adds the routes; the bodies are encoded once here.
    static func install(on router: inout Router, config: ContentConfig, logger: Logger = Logger(label: "gateway")) {
        let news = NewsSource.load(path: config.newsFile, logger: logger)
        let newsResponse = HTTPResponse.json(200, news, encoder: APICoding.encoder())
        router.add(.GET, "/api/v2/status/news") { _ in newsResponse }
        for name in DocumentLibrary.names {
            let document = DocumentLibrary.load(name, directory: config.documentsDirectory, logger: logger)
            router.add(.GET, "/api/v2/documents/\(name)") { request in
                try document.response(format: request.queryValue("format"))
            }
        }
    }
}
