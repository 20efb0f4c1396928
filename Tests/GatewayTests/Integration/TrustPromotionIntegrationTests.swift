import Foundation
import HTTP
import Messages
import Testing

@testable import Gateway

@Suite("Trust promotions from the ledger", .enabled(if: integrationEnabled), .serialized)
struct TrustPromotionIntegrationTests {
    @Test func aPromotedUserIsTrustedOnTheirNextRequest() async throws {
        try await GatewayStack.with { stack in
            let user = try await stack.createUser("promoted")
            let bystander = try await stack.createUser("bystander")
            var headers = HTTPHeaders()
            headers.add("apikey", user.apiKey)
            let request = HTTPRequest(method: .GET, target: "/api/v2/find_user", headers: headers)
            // The lookup is cached before the promotion, so the consumer must drop it.
            #expect(try await stack.context.authenticator.requireUser(request).trusted == false)

            let consumer = TrustPromotionConsumer.make(
                kafka: stack.kafka, pool: stack.pool, authenticator: stack.context.authenticator, logger: stack.logger)
            let running = Task { try await consumer.run() }
            defer { running.cancel() }
            let promotion = TrustPromoted(userId: user.id, released: 120, causedBy: UUID(), at: Date())
            try await stack.context.publisher.publish(
                Topics.ledgerEvents, key: "user:\(user.id)", LedgerEvent.trustPromoted(promotion))

            var trusted = false
            let deadline = ContinuousClock.now + .seconds(40)
            while !trusted, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
                trusted = try await stack.context.authenticator.requireUser(request).trusted
            }
            #expect(trusted, "the cached lookup was dropped and the role set")
            let rows = try await stack.pool.query("SELECT trusted FROM gateway.users WHERE id = \(bystander.id)")
            #expect(try rows.first?.decode("trusted", as: Bool.self) == false, "only the promoted user changes")
        }
    }
}
