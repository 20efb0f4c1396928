import Foundation
import Messages
import Postgres

/// Collections of styles in `gateway.collections` / `gateway.collection_styles`.
struct CollectionStore: Sendable {
    /// The gateway's database.
    let pool: PostgresPool

    /// Collections per listing page.
    static let pageSize = 25

    /// A stored collection with its members in order.
    struct Record: Sendable, Equatable {
        /// The collection id.
        var id: UUID
        /// The kind of its styles.
        var kind: StyleKind
        /// The owner's user id.
        var ownerId: Int
        /// The name, unique per owner.
        var name: String
        /// Information about the collection.
        var info: String?
        /// Listed publicly.
        var isPublic: Bool
        /// Times used.
        var useCount: Int
        /// The members as shown: unique name and id.
        var styles: [ResponseModelStylesShort]
    }

    private static let columns = "c.id, c.kind, c.owner_id, c.name, c.info, c.public, c.use_count"

    /// The collection `id`; nil when there is none.
    func collection(id: UUID) async throws -> Record? {
        let rows = try await pool.query("SELECT \(unsafeSQL: Self.columns) FROM gateway.collections c WHERE c.id = \(id)")
        return try await records(rows).first
    }

    /// The collection named `name` of user `ownerId`; nil when there is none.
    func collection(ownerId: Int, name: String) async throws -> Record? {
        let rows = try await pool.query(
            "SELECT \(unsafeSQL: Self.columns) FROM gateway.collections c WHERE c.owner_id = \(ownerId) AND c.name = \(name)")
        return try await records(rows).first
    }

    /// A page of public collections, most used or newest first, of one kind or all.
    func list(kind: StyleKind?, byAge: Bool, page: Int) async throws -> [Record] {
        let order = byAge ? "c.created_at DESC, c.id" : "c.use_count DESC, c.created_at DESC, c.id"
        let rows = try await pool.query(
            """
            SELECT \(unsafeSQL: Self.columns) FROM gateway.collections c
            WHERE c.public AND (\(kind?.rawValue)::text IS NULL OR c.kind = \(kind?.rawValue ?? ""))
            ORDER BY \(unsafeSQL: order)
            LIMIT \(Self.pageSize) OFFSET \((page - 1) * Self.pageSize)
            """)
        return try await records(rows)
    }

    /// Inserts a collection with its members; false when the owner already has a collection of that name.
    func insert(id: UUID, kind: StyleKind, ownerId: Int, name: String, info: String?, isPublic: Bool, styles: [UUID])
        async throws -> Bool
    {
        do {
            try await pool.withTransaction { connection in
                try await connection.execute(
                    """
                    INSERT INTO gateway.collections (id, kind, owner_id, name, info, public)
                    VALUES (\(id), \(kind.rawValue), \(ownerId), \(name), \(info), \(isPublic))
                    """)
                try await Self.setMembers(id, styles, on: connection)
            }
            return true
        } catch let error as PostgresError where error.isUniqueViolation {
            return false
        }
    }

    /// Changes a collection (members replaced when given); false when the new name is taken.
    func update(id: UUID, kind: StyleKind?, name: String?, info: String?, isPublic: Bool?, styles: [UUID]?) async throws
        -> Bool
    {
        do {
            try await pool.withTransaction { connection in
                try await connection.execute(
                    """
                    UPDATE gateway.collections SET name = coalesce(\(name), name), info = coalesce(\(info), info),
                        public = coalesce(\(isPublic), public), kind = coalesce(\(kind?.rawValue), kind)
                    WHERE id = \(id)
                    """)
                if let styles {
                    try await connection.execute("DELETE FROM gateway.collection_styles WHERE collection_id = \(id)")
                    try await Self.setMembers(id, styles, on: connection)
                }
            }
            return true
        } catch let error as PostgresError where error.isUniqueViolation {
            return false
        }
    }

    /// Deletes a collection (its memberships go with it; the styles stay).
    func delete(id: UUID) async throws {
        try await pool.execute("DELETE FROM gateway.collections WHERE id = \(id)")
    }

    private static func setMembers(_ id: UUID, _ styles: [UUID], on connection: PostgresConnection) async throws {
        try await connection.execute(
            """
            INSERT INTO gateway.collection_styles (collection_id, style_id, position)
            SELECT \(id), style_id, position::int - 1 FROM unnest(\(styles)::uuid[]) WITH ORDINALITY AS m(style_id, position)
            ON CONFLICT DO NOTHING
            """)
    }

    /// Rows with their members, read in one more query.
    private func records(_ rows: [PostgresRow]) async throws -> [Record] {
        var records: [Record] = try rows.map { row in
            Record(
                id: try row.decode("id", as: UUID.self),
                kind: StyleKind(rawValue: try row.decode("kind", as: String.self)) ?? .image,
                ownerId: try row.decode("owner_id", as: Int.self), name: try row.decode("name", as: String.self),
                info: try row.decode("info", as: String?.self), isPublic: try row.decode("public", as: Bool.self),
                useCount: try row.decode("use_count", as: Int.self), styles: [])
        }
        guard !records.isEmpty else { return [] }
        let members = try await pool.query(
            """
            SELECT m.collection_id, s.id, s.name, s.owner_id, u.username
            FROM gateway.collection_styles m JOIN gateway.styles s ON s.id = m.style_id
            JOIN gateway.users u ON u.id = s.owner_id
            WHERE m.collection_id = ANY(\(records.map(\.id)))
            ORDER BY m.collection_id, m.position
            """)
        var byCollection: [UUID: [ResponseModelStylesShort]] = [:]
        for row in members {
            let owner = "\(try row.decode("username", as: String.self))#\(try row.decode("owner_id", as: Int.self))"
            byCollection[try row.decode("collection_id", as: UUID.self), default: []].append(
                ResponseModelStylesShort(
                    name: "\(owner)::style::\(try row.decode("name", as: String.self))",
                    id: try row.decode("id", as: UUID.self).uuidString.lowercased()))
        }
        for index in records.indices { records[index].styles = byCollection[records[index].id] ?? [] }
        return records
    }
}
