import Foundation
import Messages
import Postgres

extension SchedulerStore {
    /// Queues several requests with one statement, idempotently, as `insertRequest(_:partition:)` does one: each
    /// request comes back once (a copy later in the batch is dropped), in the order given, with its current row and
    /// whether this call inserted it. An inserted request's snapshot is built from the command in hand rather than
    /// by decoding the JSON just written.
    func insertRequests(_ batch: [(RequestCreated, Int?)]) async throws
        -> [(snapshot: RequestSnapshot, inserted: Bool)]
    {
        var seen = Set<UUID>()
        let unique = batch.filter { seen.insert($0.0.requestId).inserted }
        guard !unique.isEmpty else { return [] }
        let encoder = WireCoding.encoder()
        let json = try unique.map { String(decoding: try encoder.encode($0.0), as: UTF8.self) }
        let requests = unique.map(\.0)
        requestCache.remember(requests)
        let rows = try await pool.query(
            """
            WITH input AS (
                SELECT * FROM unnest(
                    \(requests.map(\.requestId))::uuid[], \(requests.map(\.kind.rawValue))::text[],
                    \(requests.map { Int64($0.userId) })::bigint[], \(requests.map(\.n))::bigint[], \(json)::text[],
                    \(requests.map(\.priority))::float8[], \(requests.map(\.createdAt))::timestamptz[],
                    \(requests.map(\.expiresAt))::timestamptz[], \(unique.map { $0.1 ?? -1 })::bigint[]
                ) WITH ORDINALITY AS i(id, kind, user_id, n, created, priority, created_at, expires_at, kafka_partition,
                    ordinal)
            ), inserted AS (
                INSERT INTO scheduler.requests
                    (id, kind, user_id, state, n_total, n_waiting, faults, created, priority, created_at, expires_at,
                    kafka_partition)
                SELECT id, kind, user_id, 'waiting', n, n, 0, created::jsonb, priority, created_at, expires_at,
                    NULLIF(kafka_partition, -1)
                FROM input ORDER BY ordinal
                ON CONFLICT (id) DO NOTHING
                RETURNING id, \(unsafeSQL: Self.requestColumns(excluding: "created"))
            )
            SELECT id, \(unsafeSQL: Self.requestColumns(replacing: "created", with: "NULL::jsonb")), true AS inserted
            FROM inserted
            UNION ALL
            SELECT r.id, \(unsafeSQL: Self.requestColumns(of: "r")), false AS inserted
            FROM scheduler.requests r JOIN input ON input.id = r.id
            WHERE NOT EXISTS (SELECT 1 FROM inserted WHERE inserted.id = r.id)
            """)
        var found: [UUID: (snapshot: RequestSnapshot, inserted: Bool)] = [:]
        let byId = Dictionary(uniqueKeysWithValues: requests.map { ($0.requestId, $0) })
        for row in rows {
            let id = try row.decode("id", as: UUID.self)
            let inserted = try row.decode("inserted", as: Bool.self)
            guard let created = byId[id] else { continue }
            found[id] = (inserted ? try Self.snapshot(row, request: created) : try Self.snapshot(row), inserted)
        }
        return try requests.map { request in
            guard let result = found[request.requestId] else {
                throw SchedulerStoreError.corruptRow("request \(request.requestId) vanished")
            }
            return result
        }
    }

    /// `requestColumns` without `column`.
    static func requestColumns(excluding column: String) -> String {
        requestColumnNames.filter { $0 != column }.joined(separator: ", ")
    }

    /// `requestColumns` with `expression` read as `column`.
    static func requestColumns(replacing column: String, with expression: String) -> String {
        requestColumnNames.map { $0 == column ? "\(expression) AS \(column)" : $0 }.joined(separator: ", ")
    }
}
