import Domain
import Foundation
import HordeCore
import Messages
import Postgres

/// Pays monthly kudos: every `interval`, reads the gateway's account records (moderators and users with an
/// admin-set `monthly_kudos`) and applies a `recurring` grant for each user's current month, with an event id
/// derived from the user and the month, so a month is paid once whichever ledger replica gets there first.
struct MonthlyKudosService: Service {
    /// A name for logs.
    let name = "monthly-kudos"
    /// The ledger's store.
    let handler: LedgerHandler
    /// The ledger's pool (reads `gateway.users`).
    let pool: PostgresPool
    /// How often to check.
    let interval: Duration
    /// Where this service logs.
    let logger: Logger

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await gracefulShutdownTriggered() }
            group.addTask {
                while !Task.isCancelled {
                    do {
                        try await payDue(now: Date())
                    } catch {
                        logger.warning("monthly kudos check failed", ["error": "\(error)"])
                    }
                    try? await Task.sleep(for: interval)
                }
            }
            // Shutdown (or cancellation) ends the sleep; a check in progress is cancelled with it.
            await group.next()
            group.cancelAll()
        }
    }

    /// Applies this month's grant for everyone owed one.
    func payDue(now: Date) async throws {
        let exists = try await pool.query("SELECT to_regclass('gateway.users') IS NOT NULL AS present")
        guard exists.first?["present"].bool == true else { return }
        let rows = try await pool.query(
            """
            SELECT u.id, u.created_at, COALESCE((to_jsonb(u) ->> 'moderator')::boolean, false) AS moderator,
                   COALESCE((to_jsonb(u) ->> 'monthly_kudos')::numeric, 0)::float8 AS monthly
            FROM gateway.users u
            WHERE u.id <> 0 AND NOT COALESCE((to_jsonb(u) ->> 'deleted')::boolean, false)
              AND (COALESCE((to_jsonb(u) ->> 'moderator')::boolean, false)
                   OR COALESCE((to_jsonb(u) ->> 'monthly_kudos')::numeric, 0) > 0)
            """)
        var inputs: [LedgerInput] = []
        for row in rows {
            guard let id = row["id"].int, let created = row["created_at"].date else { continue }
            let amount = MonthlyKudos.amount(adminSet: row["monthly"].double ?? 0, moderator: row["moderator"].bool ?? false)
            guard amount > 0 else { continue }
            let month = MonthlyKudos.monthIndex(created: created, now: now)
            let grant = KudosGrant(
                eventId: DeterministicID.make("monthly-kudos", String(id), String(month)), kind: .recurring, userId: id,
                amount: amount, at: now)
            inputs.append(LedgerInput(eventId: grant.eventId, type: "kudos.grant", occurredAt: now, operation: .grant(grant)))
        }
        try await handler.apply(inputs)
    }
}
