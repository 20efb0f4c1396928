import Foundation
import HTTP
import Messages
import Postgres
import ServiceKit

/// `DELETE /v2/workers/{id}` (owner or moderator): 423 `Locked` while jobs the scheduler handed the worker are
/// still in flight (they reference it), otherwise the worker and its messages are removed.
struct WorkerDeletion: Sendable {
    /// The shared dependencies.
    let context: GatewayContext

    /// 200 `DeletedWorker`.
    func delete(_ request: HTTPRequest) async throws -> HTTPResponse {
        let caller = try await context.authenticator.require(.worker, request)
        let id = try WorkersHandler.workerId(request)
        let rows = try await context.pool.query("SELECT owner_id, name FROM gateway.workers WHERE id = \(id)")
        guard let row = rows.first, let ownerId = row["owner_id"].int, let name = row["name"].string else {
            throw WorkersHandler.notFound
        }
        try context.authenticator.requireOwnerOrModerator(caller, ownerId: ownerId)
        if try await hasJobsInFlight(id) {
            throw HordeError(
                .locked,
                "This worker still has jobs in progress. Please try again in about 20 minutes, once they expire.")
        }
        try await context.pool.execute("DELETE FROM gateway.workers WHERE id = \(id)")
        return .json(200, DeletedWorker(deletedId: id.apiString, deletedName: name), encoder: APICoding.encoder())
    }

    /// Jobs of the worker the scheduler still tracks as running (read from its tables; none before it migrates).
    private func hasJobsInFlight(_ id: UUID) async throws -> Bool {
        do {
            let rows = try await context.pool.query(
                "SELECT 1 AS busy FROM scheduler.jobs WHERE worker_id = \(id) AND state = 'processing' LIMIT 1")
            return !rows.isEmpty
        } catch where error.isUndefinedTable {
            return false
        }
    }
}
