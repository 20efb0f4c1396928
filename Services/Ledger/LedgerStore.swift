import Domain
import Foundation
import Messages
import Postgres

/// The ledger in Postgres. A batch of business events is one transaction, serialised with every other batch by an
/// advisory lock (one projector at a time, so balance-dependent rules see committed balances and rows are never
/// locked in conflicting orders): new event ids are recorded (the idempotency check), their postings and counters
/// appended, and the projections (balances, kudos details, stats, holds) updated — all or nothing, with multi-row
/// statements whatever the batch size.
struct LedgerStore: Sendable {
    /// The ledger's Postgres pool.
    let pool: PostgresPool
    /// Escrow above this promotes a user (nil: never).
    var trustThresholdCents: Int64? = nil

    /// The advisory lock key every batch takes (`pg_advisory_xact_lock`).
    static let projectorLock: Int64 = 7_070_001

    /// Applies `inputs` in order, each at most once (an id already recorded, or repeated within the batch, is a
    /// duplicate and changes nothing).
    func apply(_ inputs: [LedgerInput]) async throws -> LedgerBatchResult {
        guard !inputs.isEmpty else { return LedgerBatchResult() }
        let threshold = trustThresholdCents
        return try await pool.withTransaction { connection in
            try await connection.execute("SELECT pg_advisory_xact_lock(\(Self.projectorLock))")
            let seen = try await connection.query(
                "SELECT event_id FROM ledger.events WHERE event_id = ANY(\(inputs.map(\.eventId))::uuid[])")
            var known = Set(try seen.map { try $0.decode("event_id", as: UUID.self) })
            var fresh: [LedgerInput] = []
            var duplicates: [LedgerInput] = []
            for input in inputs {
                if known.insert(input.eventId).inserted { fresh.append(input) } else { duplicates.append(input) }
            }
            let users = Set((fresh + duplicates).flatMap(\.operation.users))
            var book = LedgerBook(
                balances: try await Self.balances(
                    of: users.flatMap { [AccountRef.user($0), .escrow($0)] }.map(\.description), connection),
                holds: try await Self.holds(Set(fresh.flatMap(\.operation.holdIds)), connection),
                profiles: try await Self.profiles(users, connection), trustThresholdCents: threshold)

            var result = LedgerBatchResult()
            result.duplicates = duplicates.count
            var rows = BatchRows()
            var touchedHolds: Set<String> = []
            for input in fresh {
                let entry = book.apply(input.operation, eventId: input.eventId, at: input.occurredAt)
                rows.add(input, entry)
                touchedHolds.formUnion(entry.touchedHolds)
                if let rc = entry.refusal { result.refusals.append((input.eventId, rc, input.occurredAt)) }
                result.promotions += entry.promotions
                for posting in entry.postings {
                    result.balances[posting.account] = (0, input.eventId, input.occurredAt)
                    if case .user(let id) = posting.account { result.users.insert(id) }
                    if case .escrow(let id) = posting.account { result.users.insert(id) }
                }
                for stat in entry.stats where stat.subject.hasPrefix("user:") {
                    if let id = Int(stat.subject.dropFirst(5)) { result.users.insert(id) }
                }
            }
            result.applied = fresh.count
            try await rows.write(connection)
            try await Self.writeHolds(touchedHolds.compactMap { book.holds[$0] }, connection)
            // Replays announce the users' current balances again, under the replayed event's id.
            for input in duplicates {
                for id in input.operation.users where result.balances[.user(id)] == nil {
                    result.balances[.user(id)] = (0, input.eventId, input.occurredAt)
                }
            }
            let current = try await Self.balances(of: result.balances.keys.map(\.description), connection)
            for (account, value) in result.balances {
                result.balances[account] = (current[account] ?? 0, value.causedBy, value.at)
            }
            return result
        }
    }

    /// Applies `postings` as event `eventId`, once, without the balance-dependent rules (kept for tools and tests
    /// that post prepared lines). Returns the new balances of the touched accounts (in hundredths), and whether this
    /// call applied the event.
    func apply(eventId: UUID, type: String, occurredAt: Date, postings: [LedgerPosting]) async throws
        -> (applied: Bool, balances: [AccountRef: Int64])
    {
        let accounts = Set(postings.map(\.account.description)).sorted()
        return try await pool.withTransaction { connection in
            try await connection.execute("SELECT pg_advisory_xact_lock(\(Self.projectorLock))")
            let recorded = try await connection.query(
                "SELECT 1 AS one FROM ledger.events WHERE event_id = \(eventId)")
            guard recorded.isEmpty else { return (false, try await Self.balances(of: accounts, connection)) }
            var rows = BatchRows()
            var entry = LedgerBook.Entry()
            entry.postings = postings
            rows.add(LedgerInput(eventId: eventId, type: type, occurredAt: occurredAt, operation: .release(
                KudosRelease(eventId: eventId, holdId: "", at: occurredAt))), entry)
            try await rows.write(connection)
            return (true, try await Self.balances(of: accounts, connection))
        }
    }

    /// The balances of `accounts` (hundredths); accounts without a balance row are absent.
    static func balances(of accounts: [String], _ connection: PostgresConnection) async throws -> [AccountRef: Int64] {
        guard !accounts.isEmpty else { return [:] }
        let rows = try await connection.query(
            """
            SELECT account, balance::text AS balance FROM ledger.balances
            WHERE account = ANY(\(accounts)::text[])
            """)
        var balances: [AccountRef: Int64] = [:]
        for row in rows {
            let key = try row.decode("account", as: String.self)
            let text = try row.decode("balance", as: String.self)
            guard let account = AccountRef(key: key), let cents = LedgerAmount.cents(text: text) else { continue }
            balances[account] = cents
        }
        return balances
    }

    /// One account's balance in kudos (0 when it has none).
    func balance(of account: AccountRef) async throws -> Double {
        let rows = try await pool.query(
            "SELECT balance::text AS balance FROM ledger.balances WHERE account = \(account.description)")
        guard let text = try rows.first?.decode("balance", as: String.self) else { return 0 }
        return Double(LedgerAmount.cents(text: text) ?? 0) / 100
    }

    private static func holds(_ ids: Set<String>, _ connection: PostgresConnection) async throws -> [String: LedgerHold] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await connection.query(
            """
            SELECT hold_id, user_id, amount::text AS amount, remaining::text AS remaining, open, shared_key_id
            FROM ledger.holds
            WHERE hold_id = ANY(\(Array(ids))::text[])
            """)
        var holds: [String: LedgerHold] = [:]
        for row in rows {
            let id = try row.decode("hold_id", as: String.self)
            holds[id] = LedgerHold(
                id: id, userId: row["user_id"].int ?? 0,
                amountCents: row["amount"].string.flatMap { LedgerAmount.cents(text: $0) } ?? 0,
                remainingCents: row["remaining"].string.flatMap { LedgerAmount.cents(text: $0) } ?? 0,
                open: row["open"].bool ?? false, sharedKeyId: row["shared_key_id"].uuid)
        }
        return holds
    }

    /// Users' profiles from the gateway's account records (read-only; the ledger never writes them). Without that
    /// schema (a ledger-only database) every user has the neutral profile.
    static func profiles(_ users: Set<Int>, _ connection: PostgresConnection) async throws -> [Int: LedgerProfile] {
        guard !users.isEmpty else { return [:] }
        let exists = try await connection.query("SELECT to_regclass('gateway.users') IS NOT NULL AS present")
        guard exists.first?["present"].bool == true else { return [:] }
        let rows = try await connection.query(
            """
            SELECT id, oauth_id, trusted OR moderator AS trusted, created_at FROM gateway.users
            WHERE id = ANY(\(Array(users))::bigint[])
            """)
        var profiles: [Int: LedgerProfile] = [:]
        for row in rows {
            guard let id = row["id"].int else { continue }
            profiles[id] = LedgerProfile.of(
                userId: id, oauthId: row["oauth_id"].string ?? "", trusted: row["trusted"].bool ?? false,
                createdAt: row["created_at"].date)
        }
        return profiles
    }

    private static func writeHolds(_ holds: [LedgerHold], _ connection: PostgresConnection) async throws {
        guard !holds.isEmpty else { return }
        try await connection.execute(
            """
            INSERT INTO ledger.holds (hold_id, user_id, amount, remaining, open, shared_key_id, updated_at)
            SELECT h.id, h.user_id, h.amount::numeric(20,2), h.remaining::numeric(20,2), h.open = 1,
                   NULLIF(h.shared_key_id, '')::uuid, now()
            FROM unnest(
                \(holds.map(\.id))::text[], \(holds.map { Int64($0.userId) })::bigint[],
                \(holds.map { LedgerAmount.text(cents: $0.amountCents) })::text[],
                \(holds.map { LedgerAmount.text(cents: $0.remainingCents) })::text[],
                \(holds.map { $0.open ? 1 : 0 })::int[],
                \(holds.map { $0.sharedKeyId?.uuidString.lowercased() ?? "" })::text[]
            ) AS h(id, user_id, amount, remaining, open, shared_key_id)
            ON CONFLICT (hold_id) DO UPDATE
            SET user_id = EXCLUDED.user_id, amount = EXCLUDED.amount, remaining = EXCLUDED.remaining,
                open = EXCLUDED.open, updated_at = EXCLUDED.updated_at
            """)
    }
}
