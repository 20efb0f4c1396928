import Foundation
import HTTP
import Messages
import ServiceKit

/// `GET /v2/workers/{id}`: a worker's public record, with the privileged fields for its owner and moderators.
struct WorkersHandler: Sendable {
    /// The shared dependencies.
    let context: GatewayContext
    /// A worker is online when it popped within this many seconds.
    static let onlineWindow: TimeInterval = 300

    /// The worker; 404 `WorkerNotFound` for unknown or non-UUID ids.
    func worker(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let text = request.pathParameters["worker_id"], let id = UUID(uuidString: text) else {
            throw Self.notFound
        }
        var viewer: AuthenticatedUser?
        if let key = request.apiKey {
            guard let user = try await context.authenticator.lookup(apiKey: key) else {
                throw HordeError(.invalidAPIKey, "No user matching sent API Key.")
            }
            viewer = user
        }
        let rows = try await context.pool.query(
            """
            SELECT w.id, w.name, w.owner_id, w.kind, w.bridge_agent, w.models, w.nsfw, w.threads, w.max_pixels,
                   w.max_length, w.max_context_length, w.allow_img2img, w.allow_painting, w.allow_post_processing,
                   w.allow_controlnet, w.allow_sdxl_controlnet, w.allow_lora, w.info, w.ipaddr, w.maintenance,
                   w.paused, w.created_at, w.last_check_in,
                   u.username AS owner_name, u.trusted AS owner_trusted, u.flagged AS owner_flagged,
                   u.public_workers AS owner_public
            FROM gateway.workers w JOIN gateway.users u ON u.id = w.owner_id
            WHERE w.id = \(id)
            """)
        guard let row = rows.first else { throw Self.notFound }
        let ownerId = try row.decode("owner_id", as: Int.self)
        let kind = try row.decode("kind", as: String.self)
        let lastCheckIn = row["last_check_in"].date ?? .distantPast
        let kudos = try await context.balances.balance(of: .worker(id))
        var details = WorkerDetails(
            type: kind, name: try row.decode("name", as: String.self), id: id.apiString,
            online: Date().timeIntervalSince(lastCheckIn) < Self.onlineWindow,
            bridgeAgent: row["bridge_agent"].string ?? "unknown:0:unknown", threads: row["threads"].int ?? 1,
            nsfw: row["nsfw"].bool ?? false, trusted: row["owner_trusted"].bool ?? false,
            flagged: row["owner_flagged"].bool ?? false, maintenanceMode: row["maintenance"].bool ?? false,
            kudosRewards: kudos, performance: "No requests fulfilled yet", info: row["info"].string,
            models: try row.decode("models", as: [String].self))
        let privileged = viewer.map { $0.id == ownerId || $0.moderator } ?? false
        if privileged || (row["owner_public"].bool ?? false) {
            details.owner = "\(row["owner_name"].string ?? "")#\(ownerId)"
        }
        if privileged {
            details.paused = row["paused"].bool ?? false
            details.ipaddr = row["ipaddr"].string
            details.suspicious = 0
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
        } else {
            details.maxLength = row["max_length"].int
            details.maxContextLength = row["max_context_length"].int
            details.tokensGenerated = 0
        }
        return .json(200, details, encoder: APICoding.encoder())
    }

    private static let notFound = HordeError(.workerNotFound, "Worker not found.")
}
