import Foundation
import HTTP
import Messages
import Postgres
import ServiceKit

/// `POST /v2/generate/rate/{id}`: aesthetic ratings of a finished, shared image request. The first accepted
/// rating of a request is stored and its reward paid to the requester as a kudos award; later ones are refused.
struct RateHandler: Sendable {
    /// The shared dependencies.
    let context: GatewayContext

    private static let notFound = HordeError(.requestNotFound, "Request not found. It may have expired.")

    /// Rates a request: 200 `{reward}`.
    func rate(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let text = request.pathParameters["id"], let id = UUID(uuidString: text) else { throw Self.notFound }
        let payload = try JSONBody.decode(AestheticsPayload.self, from: request.body)
        try AestheticsReward.validateSchema(payload)
        let rows = try await context.pool.query(
            """
            SELECT user_id, coalesce((params->>'shared')::boolean, false) AS shared
            FROM gateway.requests WHERE id = \(id) AND kind = 'image'
            """)
        guard let row = rows.first else { throw Self.notFound }
        let owner = try row.decode("user_id", as: Int.self)
        if row["shared"].string != "t" {
            throw HordeError(.aestheticsNotPublic, "You can only rate requests that were shared.")
        }
        guard let inputs = try await StatusReader(pool: context.pool).inputs(id),
            let (status, _) = StatusBuilder.check(inputs, now: Date())
        else { throw Self.notFound }
        if !status.done || status.faulted || status.finished == 0 {
            throw HordeError(.aestheticsNotCompleted, "You can only rate completed requests.")
        }
        let imageIds = try await context.pool.query(
            "SELECT job_id FROM gateway.generations WHERE request_id = \(id) AND state <> 'faulted'"
        ).map { try $0.decode("job_id", as: UUID.self) }
        let reward = try AestheticsReward.reward(payload, imageIds: imageIds, consumed: inputs.jobs.doneCost)
        try await store(id, owner: owner, payload: payload, reward: reward)
        return .json(200, GenerationSubmitted(reward: reward), encoder: APICoding.encoder())
    }

    /// Records the rating and publishes the award in one transaction (the award is sent before COMMIT, so a
    /// failed publish stores nothing and the client may retry).
    private func store(_ id: UUID, owner: Int, payload: AestheticsPayload, reward: Double) async throws {
        let ratings = String(decoding: try APICoding.encode(payload.ratings ?? []), as: UTF8.self)
        let best = payload.best.flatMap(UUID.init(uuidString:))
        let publisher = context.publisher
        try await context.pool.withTransaction { connection in
            let inserted = try await connection.query(
                """
                INSERT INTO gateway.aesthetic_ratings (request_id, user_id, ratings, best, reward)
                VALUES (\(id), \(owner), \(PostgresJSON(ratings)), \(best), \(reward))
                ON CONFLICT (request_id) DO NOTHING RETURNING request_id
                """)
            if inserted.isEmpty {
                throw HordeError(.aestheticsAlreadyExist, "This request has already been rated.")
            }
            guard reward > 0 else { return }
            let award = KudosGrant(eventId: id, kind: .award, userId: owner, amount: reward, at: Date())
            try await publisher.publish(
                Topics.ledgerCommands, key: AccountRef.user(owner).description, LedgerCommand.grant(award), eventId: id)
        }
    }
}
