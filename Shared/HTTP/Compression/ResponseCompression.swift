/// gzip for clients that accept it: textual bodies (JSON, HTML, plain text, JavaScript) between `minBytes` and
/// `maxBytes` are compressed, with `Content-Encoding: gzip` and `Vary: Accept-Encoding`. Bodies that are small,
/// huge, already encoded or not textual pass unchanged.
package enum ResponseCompression {
    /// Compresses `response` in place when the request's `Accept-Encoding` allows gzip and the body qualifies.
    package static func apply(
        to response: inout HTTPResponse, acceptEncoding: String?, minBytes: Int, maxBytes: Int = 8 << 20
    ) {
        guard response.body.count >= minBytes, response.body.count <= maxBytes,
            response.headers["Content-Encoding"] == nil, isTextual(response.headers["Content-Type"])
        else { return }
        response.headers.add("Vary", "Accept-Encoding")
        guard let acceptEncoding, acceptsGzip(acceptEncoding) else { return }
        // Large bodies are mostly base64 images, which fixed-Huffman DEFLATE cannot shrink: a sample decides.
        if response.body.count > 4 * sampleBytes,
            GzipEncoder.deflate(Array(response.body.prefix(sampleBytes))).count * 10 > sampleBytes * 9
        {
            return
        }
        let compressed = GzipEncoder.gzip(response.body)
        guard compressed.count < response.body.count else { return }
        response.body = compressed
        response.headers.set("Content-Encoding", "gzip")
    }

    /// How much of a large body is compressed first to see whether the rest is worth it.
    static let sampleBytes = 4096

    /// Whether an `Accept-Encoding` value allows gzip (`gzip`, `x-gzip` or `*`, with a q-value above 0).
    package static func acceptsGzip(_ header: String) -> Bool {
        var wildcard = false
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";")
            guard let name = parts.first?.trimmingASCIIWhitespace().lowercased() else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.trimmingASCIIWhitespace()
                if pair.lowercased().hasPrefix("q=") { quality = Double(pair.dropFirst(2)) ?? 0 }
            }
            if name == "gzip" || name == "x-gzip" { return quality > 0 }
            if name == "*" { wildcard = quality > 0 }
        }
        return wildcard
    }

    private static func isTextual(_ contentType: String?) -> Bool {
        guard let type = contentType?.lowercased() else { return false }
        return type.hasPrefix("application/json") || type.hasPrefix("text/") || type.hasPrefix("application/javascript")
    }
}
