import Foundation
import Messages
import Postgres

/// Styles and their examples in `gateway.styles` / `gateway.style_examples`.
struct StyleStore: Sendable {
    /// The gateway's database.
    let pool: PostgresPool

    /// Styles per listing page.
    static let pageSize = 25

    private static let columns = """
        s.id, s.kind, s.owner_id, u.username AS owner_name, s.name, s.info, s.prompt, s.params::text AS params,
        s.models, s.tags, s.public, s.nsfw, s.sharedkey, s.use_count
        """

    /// The style `id`, of any kind; nil when there is none.
    func style(id: UUID) async throws -> StyleRecord? {
        let rows = try await pool.query(
            """
            SELECT \(unsafeSQL: Self.columns) FROM gateway.styles s JOIN gateway.users u ON u.id = s.owner_id
            WHERE s.id = \(id)
            """)
        return try rows.first.map(Self.record)
    }

    /// The style named `name` of user `ownerId`; nil when there is none.
    func style(ownerId: Int, name: String) async throws -> StyleRecord? {
        let rows = try await pool.query(
            """
            SELECT \(unsafeSQL: Self.columns) FROM gateway.styles s JOIN gateway.users u ON u.id = s.owner_id
            WHERE s.owner_id = \(ownerId) AND s.name = \(name)
            """)
        return try rows.first.map(Self.record)
    }

    /// A style by id or by unique name (`alias#id::style::name`); nil when neither finds one.
    func style(reference: String) async throws -> StyleRecord? {
        if let id = UUID(uuidString: reference) { return try await style(id: id) }
        guard let (ownerId, name) = StyleNames.parse(reference, marker: "::style::") else { return nil }
        return try await style(ownerId: ownerId, name: name)
    }

    /// A page of public styles of `kind`, most used or newest first, optionally with a tag or model.
    func list(kind: StyleKind, byAge: Bool, page: Int, tag: String?, model: String?) async throws -> [StyleRecord] {
        let offset = (page - 1) * Self.pageSize
        let order = byAge ? "s.created_at DESC, s.id" : "s.use_count DESC, s.created_at DESC, s.id"
        let rows = try await pool.query(
            """
            SELECT \(unsafeSQL: Self.columns) FROM gateway.styles s JOIN gateway.users u ON u.id = s.owner_id
            WHERE s.kind = \(kind.rawValue) AND s.public
              AND (\(tag)::text IS NULL OR \(tag ?? "") = ANY(s.tags))
              AND (\(model)::text IS NULL OR \(model ?? "") = ANY(s.models))
            ORDER BY \(unsafeSQL: order)
            LIMIT \(Self.pageSize) OFFSET \(offset)
            """)
        return try rows.map(Self.record)
    }

    /// Inserts a validated style; false when the owner already has a style of that name.
    func insert(id: UUID, kind: StyleKind, ownerId: Int, changes: StyleChanges) async throws -> Bool {
        do {
            try await pool.execute(
                """
                INSERT INTO gateway.styles (id, kind, owner_id, name, info, prompt, params, models, tags, public, nsfw,
                    sharedkey)
                VALUES (\(id), \(kind.rawValue), \(ownerId), \(changes.name ?? ""), \(changes.info),
                    \(changes.prompt ?? ""), \(try Self.json(changes.params ?? .object([:]))), \(changes.models ?? []),
                    \(changes.tags ?? []), \(changes.isPublic ?? true), \(changes.nsfw ?? false),
                    \(changes.sharedkey.flatMap(UUID.init(uuidString:))))
                """)
            return true
        } catch let error as PostgresError where error.isUniqueViolation {
            return false
        }
    }

    /// Applies a validated patch; false when the new name is taken by another style of the owner.
    func update(id: UUID, changes: StyleChanges) async throws -> Bool {
        do {
            try await pool.execute(
                """
                UPDATE gateway.styles SET
                    name = coalesce(\(changes.name), name), info = coalesce(\(changes.info), info),
                    prompt = coalesce(\(changes.prompt), prompt),
                    params = coalesce(\(try changes.params.map(Self.json)), params),
                    models = coalesce(\(changes.models), models), tags = coalesce(\(changes.tags), tags),
                    public = coalesce(\(changes.isPublic), public), nsfw = coalesce(\(changes.nsfw), nsfw),
                    sharedkey = coalesce(\(changes.sharedkey.flatMap(UUID.init(uuidString:))), sharedkey),
                    updated_at = now()
                WHERE id = \(id)
                """)
            return true
        } catch let error as PostgresError where error.isUniqueViolation {
            return false
        }
    }

    /// Deletes a style (its examples and collection memberships go with it).
    func delete(id: UUID) async throws {
        try await pool.execute("DELETE FROM gateway.styles WHERE id = \(id)")
    }

    /// The examples of each style, primary first.
    func examples(of ids: [UUID]) async throws -> [UUID: [StyleExample]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await pool.query(
            """
            SELECT id, style_id, url, is_primary FROM gateway.style_examples
            WHERE style_id = ANY(\(ids)) ORDER BY is_primary DESC, created_at, id
            """)
        var result: [UUID: [StyleExample]] = [:]
        for row in rows {
            let example = StyleExample(
                id: try row.decode("id", as: UUID.self).uuidString.lowercased(),
                url: try row.decode("url", as: String.self), primary: try row.decode("is_primary", as: Bool.self))
            result[try row.decode("style_id", as: UUID.self), default: []].append(example)
        }
        return result
    }

    /// How adding an example ended.
    enum ExampleOutcome: Equatable {
        /// Added.
        case added
        /// The style already has the most examples allowed.
        case full
        /// The style already has this URL.
        case duplicate
    }

    /// Adds an example (at most `limit` per style); a primary one demotes the others. The count is checked under a
    /// lock on the style, so two concurrent adds cannot pass the limit together.
    func addExample(id: UUID, styleId: UUID, url: String, primary: Bool, limit: Int) async throws -> ExampleOutcome {
        do {
            return try await pool.withTransaction { connection in
                _ = try await connection.query("SELECT id FROM gateway.styles WHERE id = \(styleId) FOR UPDATE")
                let count = try await connection.query(
                    "SELECT count(*)::int AS n FROM gateway.style_examples WHERE style_id = \(styleId)"
                ).first?.decode("n", as: Int.self) ?? 0
                guard count < limit else { return .full }
                if primary {
                    try await connection.execute(
                        "UPDATE gateway.style_examples SET is_primary = false WHERE style_id = \(styleId)")
                }
                try await connection.execute(
                    """
                    INSERT INTO gateway.style_examples (id, style_id, url, is_primary)
                    VALUES (\(id), \(styleId), \(url), \(primary))
                    """)
                return .added
            }
        } catch let error as PostgresError where error.isUniqueViolation {
            return .duplicate
        }
    }

    /// Changes an example; nil when the style has no such example, false when the URL is taken.
    func updateExample(id: UUID, styleId: UUID, url: String?, primary: Bool?) async throws -> Bool? {
        do {
            return try await pool.withTransaction { connection -> Bool? in
                if primary == true {
                    try await connection.execute(
                        "UPDATE gateway.style_examples SET is_primary = false WHERE style_id = \(styleId) AND id <> \(id)")
                }
                let changed = try await connection.execute(
                    """
                    UPDATE gateway.style_examples SET url = coalesce(\(url), url), is_primary = coalesce(\(primary), is_primary)
                    WHERE id = \(id) AND style_id = \(styleId)
                    """)
                return changed == 1 ? true : nil
            }
        } catch let error as PostgresError where error.isUniqueViolation {
            return false
        }
    }

    /// Deletes an example; false when the style has no such example.
    func deleteExample(id: UUID, styleId: UUID) async throws -> Bool {
        try await pool.execute("DELETE FROM gateway.style_examples WHERE id = \(id) AND style_id = \(styleId)") == 1
    }

    /// Whether the user may create styles: the customizer role (trusted users and moderators may too).
    func isCustomizer(userId: Int) async throws -> Bool {
        try await pool.query("SELECT customizer FROM gateway.users WHERE id = \(userId)").first?
            .decode("customizer", as: Bool.self) ?? false
    }

    private static func json(_ value: JSONValue) throws -> PostgresJSON {
        try PostgresJSON(encoding: value)
    }

    private static func record(_ row: PostgresRow) throws -> StyleRecord {
        let paramsText = try row.decode("params", as: String.self)
        return StyleRecord(
            id: try row.decode("id", as: UUID.self),
            kind: StyleKind(rawValue: try row.decode("kind", as: String.self)) ?? .image,
            ownerId: try row.decode("owner_id", as: Int.self),
            ownerName: try row.decode("owner_name", as: String.self),
            name: try row.decode("name", as: String.self),
            info: try row.decode("info", as: String?.self),
            prompt: try row.decode("prompt", as: String.self),
            params: (try? JSONDecoder().decode(JSONValue.self, from: Data(paramsText.utf8))) ?? .object([:]),
            models: try row.decode("models", as: [String].self),
            tags: try row.decode("tags", as: [String].self),
            isPublic: try row.decode("public", as: Bool.self),
            nsfw: try row.decode("nsfw", as: Bool.self),
            sharedkey: try row.decode("sharedkey", as: UUID?.self),
            useCount: try row.decode("use_count", as: Int.self))
    }
}
