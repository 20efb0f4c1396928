import HTTP

/// The readable API page (`/api`): every operation grouped by tag, with its summary and parameters, and a link to
/// the swagger document. Plain HTML with no scripts, so it works offline and behind strict proxies.
enum APIPage {
    /// The page for `routes`.
    static func html(routes: [RouteEntry], version: String) -> String {
        var sections: [String: [String]] = [:]
        for route in routes {
            let doc = RouteDocs.doc(for: route)
            var row = "<tr><td class=\"m \(route.method.rawValue.lowercased())\">\(escape(route.method.rawValue))</td>"
            row += "<td><code>\(escape(SwaggerDocument.swaggerPath(route.pattern).path))</code></td>"
            var notes = escape(doc.summary)
            if let description = doc.description { notes += "<br><small>\(escape(description))</small>" }
            if !doc.query.isEmpty {
                notes += "<br><small>query: " + doc.query.map { "<code>\(escape($0.name))</code>" }.joined(separator: ", ")
                    + "</small>"
            }
            if let body = doc.body { notes += "<br><small>body: <code>\(escape(body))</code></small>" }
            if doc.apiKey { notes += " <span class=\"key\">apikey</span>" }
            row += "<td>\(notes)</td></tr>"
            sections[doc.tag, default: []].append(row)
        }
        let order = ["v2", "docs", "admin"] + sections.keys.filter { !["v2", "docs", "admin"].contains($0) }.sorted()
        let body = order.compactMap { tag -> String? in
            guard let rows = sections[tag] else { return nil }
            return "<h2>\(escape(tag))</h2><table><tr><th>method</th><th>path</th><th>what</th></tr>"
                + rows.joined() + "</table>"
        }.joined()
        return """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Horde API</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#222}
            table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4em;text-align:left;
            vertical-align:top}code{font-size:.95em}.m{font-weight:bold;font-family:monospace}.get{color:#06c}
            .post{color:#080}.put,.patch{color:#a60}.delete{color:#c00}.key{font-size:.8em;background:#eee;
            padding:0 .3em;border-radius:.2em}</style></head><body>
            <h1>Horde API <small>\(escape(version))</small></h1>
            <p>The AI Horde v2 API as this gateway serves it. Machine-readable:
            <a href="/api/swagger.json">/api/swagger.json</a> (Swagger 2.0). Errors are
            <code>{"message": …, "rc": …}</code>; send your key in the <code>apikey</code> header and name your
            client in <code>Client-Agent</code>.</p>
            \(body)
            </body></html>
            """
    }

    /// `text` safe inside HTML.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
