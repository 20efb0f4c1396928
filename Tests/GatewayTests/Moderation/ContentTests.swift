import Foundation
import HTTP
import Messages
import Testing

@testable import Gateway

@Suite("News and documents")
struct ContentTests {
    private func router(_ config: ContentConfig) -> HTTPHandler {
        var router = Router()
        ContentRoutes.install(on: &router, config: config, logger: .init(label: "test", level: .critical))
        return router.handler()
    }

    private func get(_ handler: HTTPHandler, _ path: String) async throws -> (Int, JSONValue) {
        let response = await handler(HTTPRequest(method: .GET, target: path))
        return (response.status, try JSONDecoder().decode(JSONValue.self, from: Data(response.body)))
    }

    @Test func builtInNewsAndDocumentsInBothFormats() async throws {
        let handler = router(ContentConfig())
        let (status, news) = try await get(handler, "/api/v2/status/news")
        #expect(status == 200)
        #expect(news.arrayValue?.first?["importance"]?.stringValue == "Information")
        #expect(news.arrayValue?.first?["date_published"] != nil)

        let (_, html) = try await get(handler, "/api/v2/documents/terms")
        #expect(html["html"]?.stringValue?.hasPrefix("<h1>Terms of Service</h1>") == true)
        #expect(html["markdown"] == nil)
        let (_, markdown) = try await get(handler, "/api/v2/documents/privacy?format=markdown")
        #expect(markdown["markdown"]?.stringValue?.hasPrefix("# Privacy Policy") == true)
        let (badStatus, bad) = try await get(handler, "/api/v2/documents/sponsors?format=pdf")
        #expect(badStatus == 400)
        #expect(bad["rc"] == "ValidationError")
    }

    @Test func operatorFilesReplaceTheDefaults() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "# Our terms\n\nBe nice.".write(to: directory.appendingPathComponent("terms.md"), atomically: true, encoding: .utf8)
        let newsFile = directory.appendingPathComponent("news.json")
        try #"[{"date_published": "2026-01-01", "newspiece": "old"}, {"date_published": "2026-03-01", "newspiece": "new", "importance": "Crisis"}]"#
            .write(to: newsFile, atomically: true, encoding: .utf8)
        let handler = router(ContentConfig(newsFile: newsFile.path, documentsDirectory: directory.path))

        let (_, news) = try await get(handler, "/api/v2/status/news")
        #expect(news.arrayValue?.map { $0["newspiece"]?.stringValue } == ["new", "old"])
        #expect(news.arrayValue?.first?["importance"] == "Crisis")
        let (_, terms) = try await get(handler, "/api/v2/documents/terms")
        #expect(terms["html"] == "<h1>Our terms</h1>\n<p>Be nice.</p>")
        // Documents the directory lacks keep the built-in text.
        let (_, privacy) = try await get(handler, "/api/v2/documents/privacy?format=markdown")
        #expect(privacy["markdown"]?.stringValue?.hasPrefix("# Privacy Policy") == true)
    }
}
