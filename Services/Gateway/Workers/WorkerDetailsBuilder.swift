import Foundation
import Messages
import Postgres

/// Builds `WorkerDetails` from `gateway.workers` rows (with owner and team), the ledger's worker balance, and,
/// for the owner and moderators, the privileged fields and the worker's active messages.
struct WorkerDetailsBuilder: Sendable {
    /// The shared dependencies.
    let context: GatewayContext
    /// A worker is online when it popped within this many seconds.
    static let onlineWindow: TimeInterval = 300

    /// The `SELECT … FROM` part every worker query shares (`w` workers, `u` owners, `t` teams).
    static let selectFrom = """
        SELECT w.id, w.name, w.owner_id, w.kind, w.bridge_agent, w.models, w.nsfw, w.threads, w.max_pixels,
               w.max_length, w.max_context_length, w.allow_img2img, w.allow_painting, w.allow_post_processing,
               w.allow_controlnet, w.allow_sdxl_controlnet, w.allow_lora, w.info, w.ipaddr, w.maintenance,
               w.paused, w.created_at, w.last_check_in, w.team_id, t.name AS team_name,
               u.username AS owner_name, u.trusted AS owner_trusted, u.flagged AS owner_flagged,
               u.public_workers AS owner_public, u.contact AS owner_contact, w.uncompleted_jobs,
               \(WorkerLifecycleColumns.abortedJobs) AS aborted_jobs,
               \(WorkerLifecycleColumns.suspicions) AS suspicions
        FROM gateway.workers w JOIN gateway.users u ON u.id = w.owner_id
        LEFT JOIN gateway.teams t ON t.id = w.team_id
        """

    /// The worker of `row` as `viewer` may see it.
    func details(row: PostgresRow, viewer: AuthenticatedUser?, now: Date = Date()) async throws -> WorkerDetails {
        let id = try row.decode("id", as: UUID.self)
        let ownerId = try row.decode("owner_id", as: Int.self)
        let kind = try row.decode("kind", as: String.self)
        let lastCheckIn = row["last_check_in"].date ?? .distantPast
        let kudos = try await context.balances.balance(of: .worker(id))
        let created = row["created_at"].date ?? now
        var details = WorkerDetails(
            type: kind, name: try row.decode("name", as: String.self), id: id.apiString,
            online: now.timeIntervalSince(lastCheckIn) < Self.onlineWindow,
            bridgeAgent: row["bridge_agent"].string ?? "unknown:0:unknown", threads: row["threads"].int ?? 1,
            nsfw: row["nsfw"].bool ?? false, trusted: row["owner_trusted"].bool ?? false,
            flagged: row["owner_flagged"].bool ?? false, maintenanceMode: row["maintenance"].bool ?? false,
            kudosRewards: kudos, uptime: max(0, Int(lastCheckIn.timeIntervalSince(created))),
            performance: "No requests fulfilled yet", info: row["info"].string,
            models: try row.decode("models", as: [String].self))
        details.uncompletedJobs = row["uncompleted_jobs"].int ?? 0
        details.abortedJobs = row["aborted_jobs"].int ?? 0
        if let teamId = row["team_id"].uuid {
            details.team = TeamDetailsLite(name: row["team_name"].string, id: teamId.apiString)
        }
        let privileged = viewer.map { ($0.id == ownerId && $0.sharedKey == nil && !$0.isAnonymous) || $0.moderator }
            ?? false
        if privileged || (row["owner_public"].bool ?? false) {
            details.owner = "\(row["owner_name"].string ?? "")#\(ownerId)"
        }
        if privileged {
            details.paused = row["paused"].bool ?? false
            details.ipaddr = row["ipaddr"].string
            details.suspicious = row["suspicions"].int ?? 0
            if viewer?.moderator == true { details.contact = row["owner_contact"].string }
            details.messages = try await WorkerMessageStore(pool: context.pool).active(forWorker: id).map {
                try APICoding.jsonValue(of: $0)
            }
        }
        if kind == "image" {
            details.maxPixels = row["max_pixels"].int
            details.megapixelstepsGenerated = 0
            details.img2img = row["allow_img2img"].bool
            details.painting = row["allow_painting"].bool
            details.postProcessing = row["allow_post_processing"].bool
            details.lora = row["allow_lora"].bool
            details.controlnet = row["allow_controlnet"].bool
            details.sdxlControlnet = row["allow_sdxl_controlnet"].bool
        } else if kind == "text" {
            details.maxLength = row["max_length"].int
            details.maxContextLength = row["max_context_length"].int
            details.tokensGenerated = 0
        } else {
            details.forms = details.models
            details.models = nil
        }
        return details
    }
}
