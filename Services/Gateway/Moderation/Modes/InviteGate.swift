import Foundation
import HTTP
import Messages
import Postgres
import ServiceKit

/// The invite-only mode at pops: a worker name not seen before is refused (403 `WorkerInviteOnly`) when its owner
/// already runs as many workers as they were invited for. Known workers, and bodies or keys the pop handler will
/// refuse anyway, pass through to it.
struct InviteGate: Sendable {
    /// The gateway's pool.
    let pool: PostgresPool
    /// Resolves the owner's key.
    let authenticator: Authenticator

    /// Throws `WorkerInviteOnly` for a new worker of an owner without an invitation left.
    func check(_ request: HTTPRequest) async throws {
        guard case .object(let body)? = try? APICoding.decoder().decode(JSONValue.self, from: Data(request.body)),
            let name = body["name"]?.stringValue, let key = request.apiKey
        else { return }
        let known = try await pool.query("SELECT 1 FROM gateway.workers WHERE name = \(name)")
        guard known.isEmpty, let owner = try await authenticator.lookup(apiKey: key), !owner.isAnonymous else {
            return
        }
        // worker_invited belongs to the accounts' part of the users table; read it without depending on it.
        let rows = try await pool.query(
            """
            SELECT coalesce((to_jsonb(u) ->> 'worker_invited')::int, 0) AS invited,
                   (SELECT count(*) FROM gateway.workers w WHERE w.owner_id = u.id) AS workers
            FROM gateway.users u WHERE u.id = \(owner.id)
            """)
        let invited = rows.first?["invited"].int ?? 0
        let workers = rows.first?["workers"].int ?? 0
        if workers >= invited {
            throw HordeError(
                .workerInviteOnly,
                "This horde is in invite-only mode: new workers need an invitation from a moderator.")
        }
    }
}
