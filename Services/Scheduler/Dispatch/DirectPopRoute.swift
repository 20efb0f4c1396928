import Foundation
import HTTP
import HordeCore
import Messages

/// `POST /internal/v1/pop` on the scheduler's admin port: the gateway's pops for its external workers, answered in
/// the response. A pop over Kafka crosses the broker twice (the request, then the reply), which on a broker that
/// holds fetches costs more than the whole claim; the claim itself, its durability and `jobs.started` are the same
/// either way. The body is a `PopRequest`, the answer a `PopReply` (both in the wire encoding of the Kafka
/// messages).
enum DirectPopRoute {
    /// The route's path.
    static let path = "/internal/v1/pop"
    /// Carries `HORDE_INTERNAL_TOKEN` when the operator set one.
    static let tokenHeader = "X-Horde-Internal-Token"

    /// Adds the route to the admin router. With a non-empty `token`, calls without it get 401.
    static func install(on router: inout Router, dispatcher: PopDispatcher, uptime: UptimeTracker, token: String) {
        let expected = Array(token.utf8)
        router.add(.POST, path) { request in
            if !expected.isEmpty {
                let given = Array((request.headers[tokenHeader] ?? "").utf8)
                guard SHA256.constantTimeEquals(given, expected) else {
                    return .error(401, message: "A valid internal token is required.", rc: "InvalidAPIKey")
                }
            }
            let pop: PopRequest
            do {
                pop = try WireCoding.decoder().decode(PopRequest.self, from: Data(request.body))
            } catch {
                return .error(400, message: "The body is not a pop request.", rc: "BadRequest")
            }
            await uptime.sawPop(pop.worker)
            let reply = try await dispatcher.answer(pop)
            return .json(200, raw: Array(try WireCoding.encoder().encode(reply)))
        }
    }
}
