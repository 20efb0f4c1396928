import Foundation
import HTTP
import HordeCore
import Messages

/// `POST /internal/v1/pop` and `POST /internal/v1/interrogation-pop` on the scheduler's admin port: the gateway's
/// pops for its external workers and alchemists, answered in the response. A pop over Kafka crosses the broker
/// twice (the request, then the reply), which on a broker that holds fetches costs more than the whole claim; the
/// claim itself, its durability and `jobs.started` are the same either way. The bodies are the pop messages of the
/// Kafka topics and the answer a `PopReply`, all in the wire encoding.
enum DirectPopRoute {
    /// The image and text pop route.
    static let path = "/internal/v1/pop"
    /// The alchemy pop route.
    static let interrogationPath = "/internal/v1/interrogation-pop"
    /// Carries `HORDE_INTERNAL_TOKEN` when the operator set one.
    static let tokenHeader = "X-Horde-Internal-Token"

    /// Adds both routes to the admin router. With a non-empty `token`, calls without it get 401.
    static func install(
        on router: inout Router, dispatcher: PopDispatcher, interrogations: InterrogationQueue?, uptime: UptimeTracker,
        token: String
    ) {
        add(path, on: &router, token: token) { (pop: PopRequest) in
            await uptime.sawPop(pop.worker)
            return try await dispatcher.answer(pop)
        }
        guard let interrogations else { return }
        add(interrogationPath, on: &router, token: token) { (pop: InterrogationPopRequest) in
            await uptime.sawPop(pop.worker)
            let empty = PopReply(popId: pop.popId, replyTo: pop.replyTo, workerId: pop.worker.workerId, assignment: nil)
            return try await interrogations.serve(pop, route: .caller) ?? empty
        }
    }

    /// One route: checks the token, decodes the pop (400 when the body is not one) and encodes the answer.
    private static func add<Pop: Decodable & Sendable>(
        _ path: String, on router: inout Router, token: String,
        answer: @escaping @Sendable (Pop) async throws -> PopReply
    ) {
        let expected = Array(token.utf8)
        router.add(.POST, path) { request in
            if !expected.isEmpty {
                let given = Array((request.headers[tokenHeader] ?? "").utf8)
                guard SHA256.constantTimeEquals(given, expected) else {
                    return .error(401, message: "A valid internal token is required.", rc: "InvalidAPIKey")
                }
            }
            let pop: Pop
            do {
                pop = try WireCoding.decode(value: Pop.self, from: request.body)
            } catch {
                return .error(400, message: "The body is not a pop request.", rc: "BadRequest")
            }
            let reply = try await answer(pop)
            return .json(200, raw: try WireCoding.encode(value: reply))
        }
    }
}
