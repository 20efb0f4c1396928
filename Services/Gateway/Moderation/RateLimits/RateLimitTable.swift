/// The per-route limits and gates of the v2 API (rules 8.1), in one table. A route not named here gets
/// `RoutePolicy.standard`. Patterns use `:name` for a path segment; the most literal match wins.
struct RateLimitTable: Sendable {
    /// One row: methods, the path pattern below `/api/v2`, and its policy.
    struct Row: Sendable {
        /// The methods the row covers.
        var methods: [String]
        /// Path segments; `:x` matches any one segment.
        var segments: [String]
        /// The policy.
        var policy: RoutePolicy
    }

    /// The rows, by method and number of segments.
    private let index: [String: [Row]]

    /// A table over `rows`.
    init(rows: [Row]) {
        var index: [String: [Row]] = [:]
        for row in rows {
            for method in row.methods { index["\(method) \(row.segments.count)", default: []].append(row) }
        }
        self.index = index
    }

    /// The policy of `method` on `segments` (the path below `/api/v2`, split).
    func policy(method: String, segments: [Substring]) -> RoutePolicy {
        guard let rows = index["\(method) \(segments.count)"] else { return .standard }
        var best: (literals: Int, policy: RoutePolicy)?
        for row in rows {
            var literals = 0
            var matches = true
            for (pattern, segment) in zip(row.segments, segments) {
                if pattern.hasPrefix(":") { continue }
                if pattern != segment {
                    matches = false
                    break
                }
                literals += 1
            }
            if matches, literals > best?.literals ?? -1 { best = (literals, row.policy) }
        }
        return best?.policy ?? .standard
    }

    private static func row(_ methods: [String], _ pattern: String, _ policy: RoutePolicy) -> Row {
        Row(methods: methods, segments: pattern.split(separator: "/").map(String.init), policy: policy)
    }

    /// The rules' table.
    static let v2: RateLimitTable = {
        let generation = RoutePolicy(
            limits: [.perMinute(90), .perSecond(2), .perSecond(2, .apiKey, anonymous: 60)],
            serviceLimits: [.perMinute(300), .perSecond(10), .perSecond(2, .apiKey, anonymous: 60)],
            timeoutGate: .always, maintenanceGate: true)
        let interrogation = RoutePolicy(limits: [.perMinute(90)], timeoutGate: .always, maintenanceGate: true)
        let pop = RoutePolicy(limits: [.perSecond(60)], timeoutGate: .always, inviteGate: true)
        let submit = RoutePolicy(limits: [.perSecond(60)])
        let styleList = RoutePolicy(limits: [.perMinute(90), .perSecond(2)])
        let styleSingle = RoutePolicy(limits: [.perHour(20), .perSecond(2)])
        return RateLimitTable(rows: [
            row(["GET", "HEAD"], "status/heartbeat", .unlimited),
            row(["POST"], "generate/async", generation),
            row(["POST"], "generate/text/async", generation),
            row(["POST"], "interrogate/async", interrogation),
            row(["GET", "HEAD"], "generate/check/:id",
                RoutePolicy(limits: [.perSecond(10)], timeoutGate: .defaultClientAgent)),
            row(["GET", "HEAD", "DELETE"], "generate/status/:id", RoutePolicy(limits: [.perMinute(10)])),
            row(["GET", "HEAD", "DELETE"], "generate/text/status/:id", RoutePolicy(limits: [.perMinute(60)])),
            row(["GET", "HEAD", "DELETE"], "interrogate/status/:id", RoutePolicy(limits: [.perSecond(10)])),
            row(["POST"], "generate/pop", pop),
            row(["POST"], "generate/text/pop", pop),
            row(["POST"], "interrogate/pop", pop),
            row(["POST"], "generate/submit", submit),
            row(["POST"], "generate/text/submit", submit),
            row(["POST"], "interrogate/submit", submit),
            row(["POST"], "generate/rate/:id", RoutePolicy(limits: [.perMinute(5)])),
            row(["POST"], "kudos/transfer",
                RoutePolicy(
                    limits: [.perSecond(1, .apiKey), .perHour(90, .apiKey)],
                    serviceLimits: [.perSecond(1, .apiKey), .perHour(600, .apiKey)])),
            row(["PUT"], "sharedkeys", RoutePolicy(limits: [.perMinute(5)])),
            row(["GET", "HEAD", "PUT", "DELETE"], "workers/:id", RoutePolicy(limits: [.perMinute(30)])),
            row(["GET", "HEAD", "POST"], "workers/messages", .standard),
            row(["GET", "HEAD", "PUT"], "users/:id", RoutePolicy(limits: [.perMinute(60)])),
            row(["GET", "HEAD"], "users", RoutePolicy(limits: [.perMinute(90)])),
            row(["GET", "HEAD", "POST"], "teams", RoutePolicy(limits: [.perMinute(30)])),
            row(["GET", "HEAD", "PATCH", "DELETE"], "teams/:id", RoutePolicy(limits: [.perMinute(30)])),
            row(["GET", "HEAD", "PUT"], "status/modes", RoutePolicy(limits: [.perMinute(30)])),
            row(["GET", "HEAD", "POST"], "styles/image", styleList),
            row(["GET", "HEAD"], "styles/text", styleList),
            row(["GET", "HEAD", "POST"], "collections", styleList),
            row(["POST"], "styles/text", styleSingle),
            row(["GET", "HEAD", "PATCH", "DELETE"], "styles/image/:id", styleSingle),
            row(["GET", "HEAD", "PATCH", "DELETE"], "styles/text/:id", styleSingle),
            row(["POST"], "styles/image/:id/example", styleList),
            row(["PATCH", "DELETE"], "styles/image/:id/example/:eid", styleList),
        ])
    }()
}
