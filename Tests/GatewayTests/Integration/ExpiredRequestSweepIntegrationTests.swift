import Foundation
import HordeCore
import Messages
import Postgres
import Testing

@testable import Gateway

@Suite("Expired requests are deleted", .enabled(if: integrationEnabled), .serialized)
struct ExpiredRequestSweepIntegrationTests {
    private func count(_ stack: GatewayStack, _ table: String, request: UUID) async throws -> Int {
        let column = table == "gateway.requests" ? "id" : "request_id"
        return try await stack.pool.query(
            "SELECT count(*)::int AS n FROM \(unsafeSQL: table) WHERE \(unsafeSQL: column) = \(request)"
        ).first?.decode("n", as: Int.self) ?? 0
    }

    private func addGeneration(_ stack: GatewayStack, request: UUID) async throws {
        try await stack.pool.execute(
            """
            INSERT INTO gateway.generations (job_id, request_id, kind, worker_id, worker_name, model, seed, state,
                result, content_type, gen_metadata, expires_at)
            VALUES (\(UUID()), \(request), 'image', \(UUID()), 'it-worker', 'stable_diffusion', '1', 'ok',
                \(GatewayStack.pngBase64), 'image/png', '[]', now())
            """)
    }

    @Test func expiredRequestsGoWithTheirGenerationsWhileTheSchedulerExtendsOthers() async throws {
        try await GatewayStack.with { stack in
            let user = try await stack.createUser("expiring")
            let expired = try await stack.insertRequest(userId: user.id, expiresIn: -30)
            try await addGeneration(stack, request: expired)
            // The gateway's own expiry has passed, but pops and settlements extended the scheduler's.
            let extended = try await stack.insertRequest(userId: user.id, expiresIn: -30)
            try await stack.insertSchedulerRequest(extended, state: "done", n: 1, waiting: 0)
            try await addGeneration(stack, request: extended)
            let live = try await stack.insertRequest(userId: user.id, expiresIn: 600)
            #expect(await stack.call(.GET, "/api/v2/generate/status/\(extended)").status == 200)

            var sweep = ExpiredRequestSweep(pool: stack.pool)
            sweep.batchSize = 1
            #expect(try await sweep.run() >= 1)
            #expect(try await count(stack, "gateway.requests", request: expired) == 0)
            #expect(try await count(stack, "gateway.generations", request: expired) == 0)
            #expect(await stack.call(.GET, "/api/v2/generate/check/\(expired)").body["rc"] == "RequestNotFound")
            for kept in [extended, live] {
                #expect(try await count(stack, "gateway.requests", request: kept) == 1)
            }
            #expect(try await count(stack, "gateway.generations", request: extended) == 1)

            // Once the scheduler's expiry has passed too, the next sweep deletes it.
            try await stack.pool.execute(
                "UPDATE scheduler.requests SET expires_at = now() - interval '1 second' WHERE id = \(extended)")
            _ = try await sweep.run()
            #expect(try await count(stack, "gateway.requests", request: extended) == 0)
            #expect(try await count(stack, "gateway.generations", request: extended) == 0)
            #expect(try await count(stack, "gateway.requests", request: live) == 1)
        }
    }

    @Test func aFinishedStatusIsNotCachedPastTheRequestsExpiry() async throws {
        try await GatewayStack.with({ $0.finalStatusTTL = .seconds(300) }) { stack in
            let user = try await stack.createUser("short-lived")
            let id = try await stack.insertRequest(userId: user.id, expiresIn: 1)
            try await stack.insertSchedulerRequest(id, state: "done", n: 1, waiting: 0)
            try await stack.pool.execute(
                "UPDATE scheduler.requests SET expires_at = now() + interval '1 second' WHERE id = \(id)")
            #expect(await stack.call(.GET, "/api/v2/generate/check/\(id)").body["done"] == true)
            try await Task.sleep(for: .milliseconds(1500))
            let (status, body) = await stack.call(.GET, "/api/v2/generate/check/\(id)")
            #expect(status == 404 && body["rc"] == "RequestNotFound")
        }
    }
}
