import Foundation
import HTTP
import Messages
import Postgres
import ServiceKit

/// `/v2/filters…`: moderators list, add, change, delete and try out the prompt filters. Every change bumps the
/// filters' version so all replicas recompile.
struct FiltersHandler: Sendable {
    private let context: GatewayContext
    private var services: ModerationServices { context.moderation }

    /// A handler over the shared dependencies.
    init(context: GatewayContext) { self.context = context }

    /// `GET /v2/filters?filter_type=&contains=`.
    func list(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await requireModerator(request, "list filters")
        let type = try Self.filterTypeQuery(request)
        let contains = request.queryValue("contains")
        if contains?.unicodeScalars.contains("\0") == true {
            throw HordeError(.nulByteInPayload, "The contains parameter holds a NUL character")
        }
        let rows = try await context.pool.query(
            """
            SELECT \(unsafeSQL: ModerationStore.filterColumns) FROM gateway.filters
            WHERE (\(type)::int IS NULL OR filter_type = \(type))
              AND (\(contains)::text IS NULL OR regex ILIKE '%' || \(contains) || '%')
            ORDER BY created_at, id
            """)
        return .json(200, try rows.map { try FilterRecord(row: $0).details }, encoder: APICoding.encoder())
    }

    /// `PUT /v2/filters`: 201 with the new filter.
    func add(_ request: HTTPRequest) async throws -> HTTPResponse {
        let input = try JSONBody.decode(PutNewFilter.self, from: request.body)
        let user = try await requireModerator(request, "add filters")
        try Self.validate(regex: input.regex, type: input.filterType)
        let id = UUID()
        let record = try await services.store.changingFilters { connection in
            try await connection.query(
                """
                INSERT INTO gateway.filters (id, regex, filter_type, description, replacement, author)
                VALUES (\(id), \(input.regex), \(input.filterType), \(input.description), \(input.replacement ?? ""),
                    \(user.uniqueAlias))
                RETURNING \(unsafeSQL: ModerationStore.filterColumns)
                """
            ).map(FilterRecord.init(row:)).first
        }
        await services.state.refresh()
        guard let record else { throw HordeError(.internalServerError, "Internal Server Error") }
        return .json(201, record.details, encoder: APICoding.encoder())
    }

    /// `POST /v2/filters`: how suspicious a prompt is, optionally against one filter type only.
    func score(_ request: HTTPRequest) async throws -> HTTPResponse {
        struct Input: Decodable {
            var prompt: String
            var filterType: Int?
            enum CodingKeys: String, CodingKey {
                case prompt
                case filterType = "filter_type"
            }
        }
        let input = try JSONBody.decode(Input.self, from: request.body)
        try await requireModerator(request, "check prompts against the filters")
        let filters = await services.state.current().filters
        if let type = input.filterType {
            let normalized = PromptNormalizer.normalize(PromptNormalizer.split(input.prompt).positive)
            let matches = filters.matches(ofType: type, in: normalized)
            return .json(
                200, FilterPromptSuspicion(suspicion: matches.isEmpty ? 0 : 1, matches: matches),
                encoder: APICoding.encoder())
        }
        let verdict = PromptPolicy.score(input.prompt, filters: filters)
        return .json(
            200, FilterPromptSuspicion(suspicion: verdict.suspicion, matches: verdict.matches),
            encoder: APICoding.encoder())
    }

    /// `GET /v2/filters/regex?filter_type=`: the OR-joined regex of each type.
    func regex(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await requireModerator(request, "see the filters")
        let type = try Self.filterTypeQuery(request)
        let sources = await services.state.current().filters.sources
        let body = sources.keys.sorted().filter { type == nil || $0 == type }.compactMap { key in
            sources[key].map { FilterRegex(filterType: key, regex: $0) }
        }
        return .json(200, body, encoder: APICoding.encoder())
    }

    /// `GET /v2/filters/{id}`: one filter (an object, as the reference sends, though its schema says a list).
    func single(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await requireModerator(request, "see the filters")
        let id = try Self.filterId(request)
        let rows = try await context.pool.query(
            "SELECT \(unsafeSQL: ModerationStore.filterColumns) FROM gateway.filters WHERE id = \(id)")
        guard let row = rows.first else { throw Self.notFound(id) }
        return .json(200, try FilterRecord(row: row).details, encoder: APICoding.encoder())
    }

    /// `PATCH /v2/filters/{id}`.
    func modify(_ request: HTTPRequest) async throws -> HTTPResponse {
        let input = try JSONBody.decode(PatchExistingFilter.self, from: request.body)
        let user = try await requireModerator(request, "modify filters")
        let id = try Self.filterId(request)
        if input.isEmpty { throw HordeError(.noFilterModSelected, "No filter modification selected!") }
        if let regex = input.regex { try Self.validate(regex: regex, type: input.filterType ?? 10) }
        if let type = input.filterType { try Self.validate(regex: input.regex ?? "x", type: type) }
        let record = try await services.store.changingFilters { connection in
            try await connection.query(
                """
                UPDATE gateway.filters SET
                    regex = coalesce(\(input.regex), regex),
                    filter_type = coalesce(\(input.filterType), filter_type),
                    description = coalesce(\(input.description), description),
                    replacement = coalesce(\(input.replacement), replacement),
                    author = \(user.uniqueAlias), updated_at = now()
                WHERE id = \(id)
                RETURNING \(unsafeSQL: ModerationStore.filterColumns)
                """
            ).map(FilterRecord.init(row:)).first
        }
        guard let record else { throw Self.notFound(id) }
        await services.state.refresh()
        return .json(200, record.details, encoder: APICoding.encoder())
    }

    /// `DELETE /v2/filters/{id}`.
    func delete(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await requireModerator(request, "delete filters")
        let id = try Self.filterId(request)
        let deleted = try await services.store.changingFilters { connection in
            try await connection.execute("DELETE FROM gateway.filters WHERE id = \(id)")
        }
        guard deleted > 0 else { throw Self.notFound(id) }
        await services.state.refresh()
        return .json(200, SimpleResponse(), encoder: APICoding.encoder())
    }

    @discardableResult
    private func requireModerator(_ request: HTTPRequest, _ action: String) async throws -> AuthenticatedUser {
        let user = try await context.authenticator.requireUser(request)
        try ModerationAccess.requireModerator(user, admins: services.config.admins, action: action)
        return user
    }

    /// Filter types the schema allows.
    static let types = 10...29

    /// 400 for a type outside 10–29 (schema) or a regex that does not compile.
    static func validate(regex: String, type: Int) throws {
        guard types.contains(type) else {
            throw HordeError.validation("filter_type", "\(type) is not within \(types.lowerBound)–\(types.upperBound)")
        }
        guard !regex.isEmpty, FilterSet.compile(regex) != nil else {
            throw HordeError(.badRequest, "The regex is not a valid regular expression.")
        }
    }

    private static func filterTypeQuery(_ request: HTTPRequest) throws -> Int? {
        guard let raw = request.queryValue("filter_type"), !raw.isEmpty else { return nil }
        guard let type = Int(raw) else { throw HordeError.validation("filter_type", "Expected an integer") }
        return type
    }

    private static func filterId(_ request: HTTPRequest) throws -> UUID {
        let raw = request.pathParameter("filter_id") ?? ""
        guard let id = UUID(uuidString: raw) else { throw HordeError(.filterNotFound, "Filter with ID '\(raw)' not found.") }
        return id
    }

    private static func notFound(_ id: UUID) -> HordeError {
        HordeError(.filterNotFound, "Filter with ID '\(id.uuidString.lowercased())' not found.")
    }
}
