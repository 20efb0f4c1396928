import Foundation
import HTTP
import HordeCore
import Messages
import Synchronization

/// Sends external workers' and alchemists' pops to the scheduler instances over HTTP (`POST /internal/v1/pop` and
/// `/internal/v1/interrogation-pop` on their admin ports) and returns their answer. Each instance indexes only the requests of its own partitions, so a pop asks
/// the instances in turn — starting with a different one each time, which spreads the load — until one hands out
/// a job.
final class SchedulerPopClient: Sendable {
    /// The instances' admin base URLs, without a trailing slash.
    private let instances: [String]
    private let headers: HTTPHeaders
    private let client: HTTPClient
    private let next = Mutex(0)
    private let logger: Logger
    private let failures = MetricsRegistry.shared.counter(
        "horde_gateway_scheduler_pop_failures_total", help: "Pops a scheduler instance did not answer")

    /// A client for the schedulers at `baseURLs` (their admin ports), sending `token` when it is not empty.
    init(baseURLs: [String], token: String, logger: Logger) {
        instances = baseURLs.map { url in url.hasSuffix("/") ? String(url.dropLast()) : url }
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if !token.isEmpty { headers.set("X-Horde-Internal-Token", token) }
        self.headers = headers
        // Every in-flight pop holds a connection; pops are short, so a modest pool keeps up with many workers.
        client = HTTPClient(maxConnectionsPerHost: 128, maxResponseBytes: 16 << 20)
        self.logger = logger
    }

    /// The first reply with a job; failing that, an empty reply with the skipped reasons of every instance that
    /// answered; nil when none did before `timeout`.
    func ask(_ pop: PopRequest, timeout: Duration) async -> PopReply? {
        await ask(pop, path: "/internal/v1/pop", timeout: timeout)
    }

    /// An alchemist's pop, asked the same way.
    func ask(_ pop: InterrogationPopRequest, timeout: Duration) async -> PopReply? {
        await ask(pop, path: "/internal/v1/interrogation-pop", timeout: timeout)
    }

    private func ask(_ pop: some Encodable, path: String, timeout: Duration) async -> PopReply? {
        guard !instances.isEmpty, let body = try? WireCoding.encode(value: pop) else { return nil }
        let first = next.withLock { value in
            defer { value &+= 1 }
            return value
        }
        let deadline = ContinuousClock.now + timeout
        var empty: PopReply?
        for offset in 0..<instances.count {
            let endpoint = instances[(first &+ offset) % instances.count] + path
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { break }
            do {
                let response = try await client.send(
                    .POST, endpoint, headers: headers, body: Array(body), timeout: remaining)
                guard response.status == 200 else {
                    failures.increment()
                    logger.warning(
                        "scheduler refused a pop",
                        ["url": endpoint, "http.status": String(response.status),
                         "body": String(decoding: response.body.prefix(200), as: UTF8.self)])
                    continue
                }
                let reply = try WireCoding.decode(value: PopReply.self, from: response.body)
                if reply.assignment != nil { return reply }
                empty = Self.merged(empty, reply)
            } catch {
                failures.increment()
                logger.warning("scheduler did not answer a pop", ["url": endpoint, "error": "\(error)"])
            }
        }
        return empty
    }

    /// `reply` with the skipped counts of `earlier` added: each instance counts its own requests.
    static func merged(_ earlier: PopReply?, _ reply: PopReply) -> PopReply {
        guard var merged = earlier else { return reply }
        merged.skipped.merge(reply.skipped, uniquingKeysWith: +)
        return merged
    }
}
