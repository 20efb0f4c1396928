/// A complete HTTP request as the handler sees it: head, whole body, peer and the router's path parameters.
package struct HTTPRequest: Sendable {
    /// The request method.
    package var method: HTTPMethod
    /// The raw request target as sent (`/api/v2/x?a=b`).
    package var target: String
    /// The percent-decoded path without the query (`/api/v2/x`).
    package var path: String
    /// The decoded query items, in order, duplicates kept.
    package var query: [(String, String)]
    /// The header fields, in order, duplicates kept.
    package var headers: HTTPHeaders
    /// The whole body (chunked encoding removed); empty when there is none.
    package var body: [UInt8]
    /// Trailer fields that followed a chunked body (usually none).
    package var trailers: HTTPHeaders
    /// The peer's IP address (no port).
    package var remoteAddress: String
    /// The protocol version of the request line.
    package var version: HTTPVersion
    /// Values of the `:name` segments of the matched route, filled in by the `Router`.
    package var pathParameters: [String: String]
    /// Request id, logger and middleware-provided values.
    package var context: RequestContext

    /// Builds a request from its parts; `path` and `query` are derived from `target`.
    package init(
        method: HTTPMethod = .GET, target: String, headers: HTTPHeaders = .init(), body: [UInt8] = [],
        remoteAddress: String = "127.0.0.1", version: HTTPVersion = .http1_1
    ) {
        self.method = method
        self.target = target
        (self.path, self.query) = HTTPRequest.split(target: target)
        self.headers = headers
        self.body = body
        self.trailers = HTTPHeaders()
        self.remoteAddress = remoteAddress
        self.version = version
        self.pathParameters = [:]
        self.context = RequestContext()
    }

    /// The first value of query item `name`, if present.
    package func queryValue(_ name: String) -> String? {
        query.first { $0.0 == name }?.1
    }

    /// The value of route parameter `name` (`:id` in `/status/:id`), if the route has one.
    package func pathParameter(_ name: String) -> String? { pathParameters[name] }

    /// The raw path part of the target (not decoded, no query), which the router splits into segments.
    package var rawPath: Substring {
        let start = HTTPRequest.pathStart(of: target)
        let rest = target[start...]
        return rest.firstIndex(of: "?").map { rest[..<$0] } ?? rest
    }

    /// Whether the connection stays open after this request: HTTP/1.1 unless `Connection: close`,
    /// HTTP/1.0 only with `Connection: keep-alive`.
    package var keepAlive: Bool {
        if version.major == 1 && version.minor == 0 {
            return headers.containsToken("keep-alive", in: "Connection")
        }
        return !headers.containsToken("close", in: "Connection")
    }

    /// Splits a target into decoded path and query items. Absolute-form targets (`http://host/p`) lose the
    /// scheme and authority.
    static func split(target: String) -> (path: String, query: [(String, String)]) {
        let start = pathStart(of: target)
        let rest = target[start...]
        if let question = rest.firstIndex(of: "?") {
            let rawPath = rest[..<question]
            return (
                PercentDecoding.decode(rawPath.isEmpty ? "/" : rawPath, plusIsSpace: false),
                PercentDecoding.queryItems(rest[rest.index(after: question)...])
            )
        }
        if start == target.startIndex && !target.utf8.contains(UInt8(ascii: "%")) { return (target, []) }
        return (PercentDecoding.decode(rest.isEmpty ? "/" : rest, plusIsSpace: false), [])
    }

    private static func pathStart(of target: String) -> String.Index {
        guard let first = target.utf8.first, first != UInt8(ascii: "/"), first != UInt8(ascii: "*"),
            let scheme = target.range(of: "://")
        else { return target.startIndex }
        return target[scheme.upperBound...].firstIndex(of: "/") ?? target.endIndex
    }
}
