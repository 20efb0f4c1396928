/// What the moderation middleware does for one route: its rate limits and which gates apply.
struct RoutePolicy: Sendable {
    /// When an IP in timeout is refused.
    enum TimeoutGate: Sendable {
        /// Never.
        case none
        /// Always (generation requests, worker pops).
        case always
        /// Only for clients sending no `Client-Agent` of their own (the check endpoint).
        case defaultClientAgent
    }

    /// The limits for everyone.
    var limits: [RateLimit]
    /// The limits for allow-listed service IPs, when they differ.
    var serviceLimits: [RateLimit]?
    /// When an IP in timeout is refused.
    var timeoutGate: TimeoutGate = .none
    /// Refused in maintenance mode (new generation and interrogation requests).
    var maintenanceGate = false
    /// New workers are refused in invite-only mode unless invited (pops).
    var inviteGate = false
    /// No limits and no gates (the heartbeat).
    var exempt = false

    /// The default of any route the table does not name: 90 per minute per IP.
    static let standard = RoutePolicy(limits: [.perMinute(90)])
    /// Nothing at all.
    static let unlimited = RoutePolicy(limits: [], exempt: true)

    /// The limits that apply to a caller.
    func limits(forServiceIP isService: Bool) -> [RateLimit] {
        isService ? serviceLimits ?? limits : limits
    }
}
