import Domain
import Foundation
import Messages
import Postgres
import ServiceKit

/// Finds or creates workers by name in `gateway.workers` on pop. A new worker's id is derived from its name
/// (`WorkerIdentity`), so in-cluster workers know their id without asking. Check-ins are debounced: the row is
/// rewritten at most every `checkInInterval`, keeping the pop path to one indexed read most of the time (which also
/// says whether the worker has messages to read).
struct WorkerRepository: Sendable {
    /// The gateway's database pool.
    let pool: PostgresPool
    /// Default: 30 s, as the reference debounces check-ins.
    var checkInInterval: TimeInterval = 30

    /// The worker named in `checkIn`, created for `owner` if new. 403 `WrongCredentials` when another user owns
    /// the name; 400 `PolymorphicNameConflict` when a worker of another kind has it.
    func checkIn(_ checkIn: WorkerCheckIn, owner: AuthenticatedUser, now: Date = Date()) async throws -> WorkerRecord {
        for _ in 0..<2 {
            if let (record, lastCheckIn) = try await find(name: checkIn.name) {
                guard record.ownerId == owner.id else {
                    throw HordeError(.wrongCredentials, "Wrong credentials to submit as this worker.")
                }
                guard record.kind == checkIn.kind else {
                    throw HordeError(
                        .polymorphicNameConflict,
                        "Worker name '\(checkIn.name)' is already used by a worker of another type.")
                }
                if now.timeIntervalSince(lastCheckIn) >= checkInInterval { try await update(record.id, checkIn, now: now) }
                return record
            }
            if let record = try await insert(checkIn, owner: owner, now: now) { return record }
            // Another pop created the same name between our read and insert: read it again.
        }
        throw HordeError(.internalServerError, "Could not register the worker.")
    }

    private func find(name: String) async throws -> (WorkerRecord, Date)? {
        let rows = try await pool.query(
            """
            SELECT w.id, w.name, w.owner_id, w.kind, w.maintenance, w.maintenance_msg, w.paused, w.last_check_in,
                EXISTS (
                    SELECT 1 FROM gateway.worker_messages m
                    WHERE (m.worker_id = w.id OR m.worker_id IS NULL) AND m.expires_at > \(Date())
                ) AS has_messages
            FROM gateway.workers w WHERE w.name = \(name)
            """)
        guard let row = rows.first else { return nil }
        guard let kind = RequestKind(rawValue: try row.decode("kind", as: String.self)) else {
            throw HordeError(.polymorphicNameConflict, "Worker name '\(name)' is already used by a worker of another type.")
        }
        let record = WorkerRecord(
            id: try row.decode("id", as: UUID.self), name: try row.decode("name", as: String.self),
            ownerId: try row.decode("owner_id", as: Int.self), kind: kind,
            maintenance: try row.decode("maintenance", as: Bool.self), paused: try row.decode("paused", as: Bool.self),
            maintenanceMessage: row["maintenance_msg"].string, hasMessages: row["has_messages"].bool ?? true)
        return (record, try row.decode("last_check_in", as: Date.self))
    }

    private func insert(_ c: WorkerCheckIn, owner: AuthenticatedUser, now: Date) async throws -> WorkerRecord? {
        let id = WorkerIdentity.id(forName: c.name)
        let rows = try await pool.query(
            """
            INSERT INTO gateway.workers (id, name, owner_id, kind, bridge_agent, models, nsfw, threads, max_pixels,
                max_length, max_context_length, allow_img2img, allow_painting, allow_post_processing,
                allow_controlnet, allow_sdxl_controlnet, allow_lora, ipaddr, created_at, last_check_in)
            VALUES (\(id), \(c.name), \(owner.id), \(c.kind.rawValue), \(c.bridgeAgent), \(c.models), \(c.nsfw),
                \(c.threads), \(c.maxPixels), \(c.maxLength), \(c.maxContextLength), \(c.allowImg2Img),
                \(c.allowPainting), \(c.allowPostProcessing), \(c.allowControlNet), \(c.allowSdxlControlNet),
                \(c.allowLora), \(c.ipAddress), \(now), \(now))
            ON CONFLICT DO NOTHING
            RETURNING id
            """)
        guard !rows.isEmpty else { return nil }
        return WorkerRecord(id: id, name: c.name, ownerId: owner.id, kind: c.kind, maintenance: false, paused: false)
    }

    private func update(_ id: UUID, _ c: WorkerCheckIn, now: Date) async throws {
        try await pool.execute(
            """
            UPDATE gateway.workers SET bridge_agent = \(c.bridgeAgent), models = \(c.models), nsfw = \(c.nsfw),
                threads = \(c.threads), max_pixels = \(c.maxPixels), max_length = \(c.maxLength),
                max_context_length = \(c.maxContextLength), allow_img2img = \(c.allowImg2Img),
                allow_painting = \(c.allowPainting), allow_post_processing = \(c.allowPostProcessing),
                allow_controlnet = \(c.allowControlNet), allow_sdxl_controlnet = \(c.allowSdxlControlNet),
                allow_lora = \(c.allowLora), ipaddr = \(c.ipAddress), last_check_in = \(now)
            WHERE id = \(id)
            """)
    }
}
