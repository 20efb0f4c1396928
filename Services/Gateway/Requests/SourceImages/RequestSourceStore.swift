import Foundation
import HordeCore
import Messages
import Postgres
import ServiceKit

/// `gateway.request_sources`: the source images of accepted image requests, read back by request id when a
/// pop answer for one of the request's jobs is built.
struct RequestSourceStore: Sendable {
    /// The gateway's database pool.
    let pool: PostgresPool

    /// Stores `sources` for request `id` until `expiresAt`, and drops rows of requests that have expired.
    func insert(_ sources: RequestSources, requestId id: UUID, expiresAt: Date) async throws {
        let extras = try PostgresJSON(encoding: sources.extras, encoder: APICoding.encoder())
        try await pool.execute(
            """
            INSERT INTO gateway.request_sources
                (request_id, source_image, source_processing, source_mask, extra_source_images, expires_at)
            VALUES (\(id), \(sources.image), \(sources.processing), \(sources.mask), \(extras), \(expiresAt))
            ON CONFLICT (request_id) DO NOTHING
            """)
        // Requests live 20 minutes, extended while worked on; six hours past the first expiry none is left to pop.
        _ = try? await pool.execute(
            "DELETE FROM gateway.request_sources WHERE expires_at < \(Date().addingTimeInterval(-6 * 3600))")
    }

    /// The sources of request `id`, or nil when it has none.
    func sources(of id: UUID) async throws -> RequestSources? {
        let rows = try await pool.query(
            """
            SELECT source_image, source_processing, source_mask, extra_source_images
            FROM gateway.request_sources WHERE request_id = \(id)
            """)
        guard let row = rows.first else { return nil }
        let extras = try row.decode("extra_source_images", as: PostgresJSON.self)
        return RequestSources(
            image: try row.decode("source_image", as: String.self),
            processing: try row.decode("source_processing", as: String.self),
            mask: try row.decode("source_mask", as: String?.self),
            extras: (try? extras.decode([ExtraSourceImage].self, decoder: APICoding.decoder())) ?? [])
    }

    /// `answer` with the sources of its request filled in. A job whose sources cannot be read is still handed
    /// out without them rather than lost; the failure is logged.
    func attach(to answer: GenerationPayloadStable, _ reply: PopReply?, logger: Logger) async -> GenerationPayloadStable {
        // Requests without sources (nearly all) cost no lookup.
        guard let assignment = reply?.assignment, assignment.kind == .image, assignment.sourceProcessing != nil
        else { return answer }
        var answer = answer
        do {
            try await sources(of: assignment.requestId)?.fill(&answer)
        } catch {
            logger.error(
                "source images unreadable", ["horde.request.id": assignment.requestId.apiString, "error": "\(error)"])
        }
        return answer
    }
}
