import Foundation
import Messages
import Postgres

/// What an operator sees of one delivery on the admin port: its record and every attempt, as JSON.
enum DeliveryHistory {
    /// The delivery of `jobId` with its attempts; nil when there is none.
    static func delivery(jobId: UUID, pool: PostgresPool) async throws -> JSONValue? {
        let rows = try await pool.query("\(unsafeSQL: selectDeliveries) WHERE id = \(jobId)")
        guard let row = rows.first else { return nil }
        return try await json(row, pool: pool)
    }

    /// Every delivery of `requestId` (one per job), oldest first, with their attempts.
    static func deliveries(requestId: UUID, pool: PostgresPool) async throws -> [JSONValue] {
        let rows = try await pool.query("\(unsafeSQL: selectDeliveries) WHERE request_id = \(requestId) ORDER BY created_at")
        var result: [JSONValue] = []
        for row in rows { result.append(try await json(row, pool: pool)) }
        return result
    }

    private static let selectDeliveries = """
        SELECT id, request_id, kind, url, state, attempts, last_status, last_error, claimed_by,
               next_attempt_at, created_at, finished_at, outcome_published
        FROM notifier.deliveries
        """

    private static func json(_ row: PostgresRow, pool: PostgresPool) async throws -> JSONValue {
        let id = try row.decode("id", as: UUID.self)
        let state = try row.decode("state", as: String.self)
        let attempts = try await pool.query(
            """
            SELECT attempt, status, error, duration_ms, attempted_at FROM notifier.attempts
            WHERE delivery_id = \(id) ORDER BY attempt
            """
        ).map { attempt -> JSONValue in
            .object([
                "attempt": .number(Double(try attempt.decode("attempt", as: Int.self))),
                "status": try attempt.decode("status", as: Int?.self).map { .number(Double($0)) } ?? .null,
                "error": try attempt.decode("error", as: String?.self).map(JSONValue.string) ?? .null,
                "duration_ms": .number(Double(try attempt.decode("duration_ms", as: Int.self))),
                "attempted_at": .string(timestamp(try attempt.decode("attempted_at", as: Date.self))),
            ])
        }
        return .object([
            "id": .string(id.uuidString.lowercased()),
            "request_id": .string(try row.decode("request_id", as: UUID.self).uuidString.lowercased()),
            "kind": .string(try row.decode("kind", as: String.self)),
            "url": .string(try row.decode("url", as: String.self)),
            "state": .string(state),
            "attempts": .number(Double(try row.decode("attempts", as: Int.self))),
            "last_status": try row.decode("last_status", as: Int?.self).map { .number(Double($0)) } ?? .null,
            "last_error": try row.decode("last_error", as: String?.self).map(JSONValue.string) ?? .null,
            "claimed_by": try row.decode("claimed_by", as: String?.self).map(JSONValue.string) ?? .null,
            "next_attempt_at": state == "pending"
                ? .string(timestamp(try row.decode("next_attempt_at", as: Date.self))) : .null,
            "created_at": .string(timestamp(try row.decode("created_at", as: Date.self))),
            "finished_at": try row.decode("finished_at", as: Date?.self).map { .string(timestamp($0)) } ?? .null,
            "outcome_published": .bool(try row.decode("outcome_published", as: Bool.self)),
            "attempt_log": .array(attempts),
        ])
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
