import Domain
import Foundation
import Messages
import Postgres

/// The rows one batch appends and the projection changes it makes, gathered as columns so each table is written
/// by one multi-row statement.
struct BatchRows: Sendable {
    private var eventIds: [UUID] = []
    private var eventTypes: [String] = []
    private var eventTimes: [Int64] = []
    private var refusals: [String] = []
    private var eventStats: [String] = []

    private var postingEvents: [UUID] = []
    private var postingAccounts: [String] = []
    private var postingAmounts: [String] = []
    private var postingTypes: [String] = []
    private var postingDetails: [String] = []
    private var postingHolds: [String] = []

    private var balanceDeltas: [AccountRef: Int64] = [:]
    private var detailDeltas: [DetailKey: Int64] = [:]
    private var statDeltas: [StatKey: Double] = [:]

    private struct DetailKey: Hashable { var user: Int; var field: String }
    private struct StatKey: Hashable { var subject: String; var field: String }

    /// An empty batch.
    init() {}

    /// Adds one event and what it produced.
    mutating func add(_ input: LedgerInput, _ entry: LedgerBook.Entry) {
        eventIds.append(input.eventId)
        eventTypes.append(input.type)
        eventTimes.append(Int64((input.occurredAt.timeIntervalSince1970 * 1_000_000).rounded()))
        refusals.append(entry.refusal?.rawValue ?? "")
        for posting in entry.postings {
            postingEvents.append(input.eventId)
            postingAccounts.append(posting.account.description)
            postingAmounts.append(posting.amountText)
            postingTypes.append(posting.entryType.rawValue)
            postingDetails.append(posting.detail?.rawValue ?? "")
            postingHolds.append(posting.holdId ?? "")
            balanceDeltas[posting.account, default: 0] += posting.amountCents
            if let detail = posting.detail, case .user(let id) = posting.account {
                detailDeltas[DetailKey(user: id, field: detail.rawValue), default: 0] += posting.amountCents
            }
        }
        // Counters travel in the event's own row (one row per event, not one per counter).
        eventStats.append(Self.json(entry.stats))
        for stat in entry.stats {
            statDeltas[StatKey(subject: stat.subject, field: stat.field), default: 0] += stat.value
        }
    }

    /// `[["user:1","usage.image",7.86],…]`, or "" for none. Subjects and fields are the ledger's own ASCII names;
    /// a non-finite value (never produced by the rules) is written as 0 so the row stays valid JSON.
    static func json(_ stats: [LedgerStat]) -> String {
        guard !stats.isEmpty else { return "" }
        return "[" + stats.map { "[\"\($0.subject)\",\"\($0.field)\",\($0.value.isFinite ? $0.value : 0)]" }
            .joined(separator: ",") + "]"
    }

    /// Writes everything (inside the caller's transaction). Projection rows are updated in key order, so two
    /// writers could never deadlock even without the projector lock.
    func write(_ connection: PostgresConnection) async throws {
        guard !eventIds.isEmpty else { return }
        try await connection.execute(
            """
            INSERT INTO ledger.events (event_id, type, occurred_at, applied_at, refusal, stats)
            SELECT e.id, e.type, to_timestamp(e.micros / 1000000.0), now(), NULLIF(e.refusal, ''),
                   NULLIF(e.stats, '')::jsonb
            FROM unnest(
                \(eventIds)::uuid[], \(eventTypes)::text[], \(eventTimes)::bigint[], \(refusals)::text[],
                \(eventStats)::text[]
            ) AS e(id, type, micros, refusal, stats)
            """)
        if !postingEvents.isEmpty {
            try await connection.execute(
                """
                INSERT INTO ledger.postings (event_id, account, amount, entry_type, detail, hold_id, created_at)
                SELECT p.event_id, p.account, p.amount::numeric(20,2), p.entry_type, NULLIF(p.detail, ''),
                       NULLIF(p.hold_id, ''), now()
                FROM unnest(
                    \(postingEvents)::uuid[], \(postingAccounts)::text[], \(postingAmounts)::text[],
                    \(postingTypes)::text[], \(postingDetails)::text[], \(postingHolds)::text[]
                ) WITH ORDINALITY AS p(event_id, account, amount, entry_type, detail, hold_id, n)
                ORDER BY p.n
                """)
        }
        let balances = balanceDeltas.filter { $0.value != 0 }.sorted { $0.key.description < $1.key.description }
        if !balances.isEmpty {
            try await connection.execute(
                """
                INSERT INTO ledger.balances (account, balance, updated_at)
                SELECT d.account, d.delta::numeric(20,2), now()
                FROM unnest(
                    \(balances.map(\.key.description))::text[],
                    \(balances.map { LedgerAmount.text(cents: $0.value) })::text[]
                ) WITH ORDINALITY AS d(account, delta, n)
                ORDER BY d.n
                ON CONFLICT (account) DO UPDATE
                SET balance = ledger.balances.balance + EXCLUDED.balance, updated_at = EXCLUDED.updated_at
                """)
        }
        let details = detailDeltas.filter { $0.value != 0 }.sorted {
            ($0.key.user, $0.key.field) < ($1.key.user, $1.key.field)
        }
        if !details.isEmpty {
            try await connection.execute(
                """
                INSERT INTO ledger.details (user_id, field, amount)
                SELECT d.user_id, d.field, d.amount::numeric(20,2)
                FROM unnest(
                    \(details.map { Int64($0.key.user) })::bigint[], \(details.map(\.key.field))::text[],
                    \(details.map { LedgerAmount.text(cents: $0.value) })::text[]
                ) WITH ORDINALITY AS d(user_id, field, amount, n)
                ORDER BY d.n
                ON CONFLICT (user_id, field) DO UPDATE SET amount = ledger.details.amount + EXCLUDED.amount
                """)
        }
        if !statDeltas.isEmpty {
            let stats = statDeltas.sorted { ($0.key.subject, $0.key.field) < ($1.key.subject, $1.key.field) }
            try await connection.execute(
                """
                INSERT INTO ledger.stats (subject, field, value)
                SELECT s.subject, s.field, s.value::double precision
                FROM unnest(
                    \(stats.map(\.key.subject))::text[], \(stats.map(\.key.field))::text[],
                    \(stats.map { String($0.value) })::text[]
                ) WITH ORDINALITY AS s(subject, field, value, n)
                ORDER BY s.n
                ON CONFLICT (subject, field) DO UPDATE SET value = ledger.stats.value + EXCLUDED.value
                """)
        }
    }
}
