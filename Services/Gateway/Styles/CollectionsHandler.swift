import Foundation
import HTTP
import Messages
import ServiceKit

/// `/v2/collections…` and `/v2/collection_by_name/{name}`: lists of styles of one kind that a request can name
/// instead of a style (one member is picked at random).
struct CollectionsHandler: Sendable {
    /// The shared dependencies.
    let context: GatewayContext

    /// Most styles one collection may hold.
    static let maxStyles = 100

    private var store: CollectionStore { CollectionStore(pool: context.pool) }
    private var styles: StyleStore { StyleStore(pool: context.pool) }

    /// `GET`: public collections, `sort` popular (default) or age, 25 per `page`, `type` all (default), image or text.
    func list(_ request: HTTPRequest) async throws -> HTTPResponse {
        let query = try ListingQuery(request, kinds: ["all", "image", "text"])
        let collections = try await store.list(kind: query.kind, byAge: query.byAge, page: query.page)
        return .json(200, collections.map(Self.response), encoder: APICoding.encoder())
    }

    /// `POST`: creates a collection of at least one style, all of one kind.
    func create(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = try JSONBody.decode(InputModelCollection.self, from: request.body)
        let user = try await context.authenticator.requireUser(request)
        try StylesHandler.requireNamedUser(user)
        var errors = SchemaErrors()
        if body.name == nil { errors.add("name", "'name' is a required property") }
        Self.checkLimits(body, errors: &errors)
        try errors.throwIfAny()
        let (kind, members) = try await resolve(body.styles ?? [])
        let id = UUID()
        guard try await store.insert(
            id: id, kind: kind, ownerId: user.id, name: body.name ?? "", info: body.info, isPublic: body.public ?? true,
            styles: members)
        else { throw Self.nameTaken(body.name ?? "") }
        return .json(200, StyleModify(id: id.apiString), encoder: APICoding.encoder())
    }

    /// `GET /{collection_id}`: any collection by id, public or not.
    func show(_ request: HTTPRequest) async throws -> HTTPResponse {
        .json(200, Self.response(try await collection(request)), encoder: APICoding.encoder())
    }

    /// `GET /collection_by_name/{collection_name}`: a collection by `alias#id::collection::name`.
    func showByName(_ request: HTTPRequest) async throws -> HTTPResponse {
        let name = request.pathParameters["collection_name"]?.removingPercentEncoding ?? ""
        guard let (ownerId, plain) = StyleNames.parse(name, marker: "::collection::"),
            let found = try await store.collection(ownerId: ownerId, name: plain)
        else { throw HordeError(.collectionNotFound, "Collection '\(name.prefix(100))' not found.") }
        return .json(200, Self.response(found), encoder: APICoding.encoder())
    }

    /// `PATCH /{collection_id}`: the owner changes name, info, listing or members.
    func patch(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = try JSONBody.decode(InputModelCollection.self, from: request.body)
        let user = try await context.authenticator.requireUser(request)
        try StylesHandler.requireNamedUser(user)
        let found = try await collection(request)
        guard found.ownerId == user.id else { throw HordeError(.notOwner, "Only the collection's owner can modify it.") }
        var errors = SchemaErrors()
        Self.checkLimits(body, errors: &errors)
        try errors.throwIfAny()
        if body == InputModelCollection() { throw HordeError(.badRequest, "No collection modification selected!") }
        var kind: StyleKind?
        var members: [UUID]?
        if let references = body.styles { (kind, members) = try await resolve(references) }
        guard try await store.update(
            id: found.id, kind: kind, name: body.name, info: body.info, isPublic: body.public, styles: members)
        else { throw Self.nameTaken(body.name ?? "") }
        return .json(200, StyleModify(id: found.id.apiString), encoder: APICoding.encoder())
    }

    /// `DELETE /{collection_id}`: the owner or a moderator deletes a collection.
    func delete(_ request: HTTPRequest) async throws -> HTTPResponse {
        let user = try await context.authenticator.requireUser(request)
        try StylesHandler.requireNamedUser(user)
        let found = try await collection(request)
        guard found.ownerId == user.id || user.moderator else {
            throw HordeError(.notOwner, "Only the collection's owner or a moderator can delete it.")
        }
        try await store.delete(id: found.id)
        return .json(200, StyleMessage(message: "OK"), encoder: APICoding.encoder())
    }

    private func collection(_ request: HTTPRequest) async throws -> CollectionStore.Record {
        let text = request.pathParameters["collection_id"] ?? ""
        guard let id = UUID(uuidString: text), let found = try await store.collection(id: id) else {
            throw HordeError(.collectionNotFound, "Collection '\(text.prefix(100))' not found.")
        }
        return found
    }

    /// The member styles by id or unique name: at least one, all found, all of one kind.
    private func resolve(_ references: [String]) async throws -> (StyleKind, [UUID]) {
        guard !references.isEmpty else { throw HordeError(.badRequest, "A collection needs at least one style.") }
        var kind: StyleKind?
        var ids: [UUID] = []
        for reference in references {
            guard let style = try await styles.style(reference: reference) else {
                throw HordeError(.styleNotFound, "Style '\(reference.prefix(100))' not found.")
            }
            if let kind, kind != style.kind {
                throw HordeError(.badRequest, "A collection's styles must all be of one type.")
            }
            kind = style.kind
            if !ids.contains(style.id) { ids.append(style.id) }
        }
        return (kind ?? .image, ids)
    }

    private static func checkLimits(_ body: InputModelCollection, errors: inout SchemaErrors) {
        errors.length(body.name, "name", min: 1, max: 100)
        errors.length(body.info, "info", min: 1, max: 1000)
        for (index, style) in (body.styles ?? []).enumerated() { errors.length(style, "styles.\(index)", min: 1) }
        // Each member is looked up on its own, so a bounded list keeps one request's work bounded.
        if let styles = body.styles, styles.count > maxStyles {
            errors.add("styles", "A collection can hold at most \(maxStyles) styles")
        }
    }

    private static func nameTaken(_ name: String) -> HordeError {
        HordeError(.badRequest, "You already have a collection named '\(name.prefix(100))'.")
    }

    private static func response(_ record: CollectionStore.Record) -> ResponseModelCollection {
        ResponseModelCollection(
            id: record.id.apiString, name: record.name, type: record.kind.rawValue, info: record.info,
            public: record.isPublic, styles: record.styles, useCount: record.useCount)
    }
}
