import Foundation
import HordeCore
import Messages

/// The news items: the operator's JSON file, or one built-in item when no file is set or it cannot be read.
enum NewsSource {
    /// The built-in news.
    static let builtIn = [
        Newspiece(
            datePublished: "2026-01-01",
            newspiece: "Welcome to this AI Horde. Clients and workers written for the AI Horde v2 API work here unchanged.",
            importance: "Information", tags: ["horde"], title: "Welcome")
    ]

    /// The items of the file at `path`, newest first; the built-in news when `path` is nil or unusable (logged).
    static func load(path: String?, logger: Logger) -> [Newspiece] {
        guard let path else { return builtIn }
        do {
            let items = try APICoding.decoder().decode([Newspiece].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            return items.sorted { $0.datePublished > $1.datePublished }
        } catch {
            logger.error("news file not usable, serving the built-in news", ["path": path, "error": "\(error)"])
            return builtIn
        }
    }
}
