import Foundation
import HTTP
import Messages
import ServiceKit

/// `/v2/styles/image…` and `/v2/styles/text…`: list, create, show, change and delete styles of one kind, and
/// (image styles) their example images.
struct StylesHandler: Sendable {
    /// The shared dependencies.
    let context: GatewayContext
    /// Which kind of styles these routes serve.
    let kind: StyleKind
    /// Most examples one image style may have.
    static let maxExamples = 4

    private var store: StyleStore { StyleStore(pool: context.pool) }

    /// `GET`: public styles, `sort` popular (default) or age, 25 per `page`, optionally by `tag` or `model`.
    func list(_ request: HTTPRequest) async throws -> HTTPResponse {
        let query = try ListingQuery(request, kinds: nil)
        let styles = try await store.list(
            kind: kind, byAge: query.byAge, page: query.page, tag: request.queryValue("tag"),
            model: request.queryValue("model"))
        return try await respond(styles)
    }

    /// `POST`: creates a style; needs the customizer or trusted role.
    func create(_ request: HTTPRequest) async throws -> HTTPResponse {
        let changes = try decodeChanges(request)
        let user = try await context.authenticator.requireUser(request)
        try Self.requireNamedUser(user)
        if !(user.trusted || user.moderator), !(try await store.isCustomizer(userId: user.id)) {
            throw HordeError(.stylesRequiresCustomizer, "Only customizers or trusted users can create styles.")
        }
        return try await insert(changes, user: user)
    }

    private func insert(_ changes: StyleChanges, user: AuthenticatedUser) async throws -> HTTPResponse {
        let valid = try StyleRules.validateCreation(changes, kind: kind)
        let id = UUID()
        guard try await store.insert(id: id, kind: kind, ownerId: user.id, changes: valid) else {
            throw Self.nameTaken(valid.name ?? "")
        }
        return .json(200, StyleModify(id: id.apiString), encoder: APICoding.encoder())
    }

    /// `GET /{style_id}`: any style by id, public or not.
    func show(_ request: HTTPRequest) async throws -> HTTPResponse {
        let style = try await typedStyle(request.pathParameters["style_id"])
        return try await respond(style)
    }

    /// `GET _by_name/{style_name}`: a style by its unique name `alias#id::style::name`.
    func showByName(_ request: HTTPRequest) async throws -> HTTPResponse {
        let name = request.pathParameters["style_name"]?.removingPercentEncoding ?? ""
        guard let (ownerId, plain) = StyleNames.parse(name, marker: "::style::"),
            let style = try await store.style(ownerId: ownerId, name: plain)
        else { throw HordeError(kind.notFound, "Style '\(name.prefix(100))' not found.") }
        guard style.kind == kind else { throw Self.otherKind(style) }
        return try await respond(style)
    }

    /// `PATCH /{style_id}`: changes the owner's style.
    func patch(_ request: HTTPRequest) async throws -> HTTPResponse {
        let changes = try decodeChanges(request)
        let user = try await context.authenticator.requireUser(request)
        try Self.requireNamedUser(user)
        let style = try await typedStyle(request.pathParameters["style_id"])
        guard style.ownerId == user.id else { throw HordeError(.notOwner, "Only the style's owner can modify it.") }
        try StyleRules.validatePatch(changes, kind: kind)
        guard try await store.update(id: style.id, changes: changes) else { throw Self.nameTaken(changes.name ?? "") }
        return .json(200, StyleModify(id: style.id.apiString), encoder: APICoding.encoder())
    }

    /// `DELETE /{style_id}`: the owner or a moderator deletes a style.
    func delete(_ request: HTTPRequest) async throws -> HTTPResponse {
        let user = try await context.authenticator.requireUser(request)
        try Self.requireNamedUser(user)
        let style = try await typedStyle(request.pathParameters["style_id"])
        guard style.ownerId == user.id || user.moderator else {
            throw HordeError(.notOwner, "Only the style's owner or a moderator can delete it.")
        }
        try await store.delete(id: style.id)
        return .json(200, StyleMessage(message: "OK"), encoder: APICoding.encoder())
    }

    /// `POST /{style_id}/example`: adds an example image (https, at most four per style).
    func addExample(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = try JSONBody.decode(InputStyleExamplePost.self, from: request.body)
        let (style, _) = try await ownedStyle(request)
        guard let url = body.url else { throw HordeError.validation(errors: ["url": "'url' is a required property"]) }
        try Self.checkExampleURL(url)
        let id = UUID()
        switch try await store.addExample(
            id: id, styleId: style.id, url: url, primary: body.primary ?? false, limit: Self.maxExamples)
        {
        case .added: return .json(200, StyleModify(id: id.apiString), encoder: APICoding.encoder())
        case .full:
            throw HordeError(.forbidden, "A style can have at most \(Self.maxExamples) examples.")
        case .duplicate: throw HordeError(.badRequest, "This example URL is already in use for this style.")
        }
    }

    /// `PATCH /{style_id}/example/{example_id}`: changes an example's URL or primary flag.
    func patchExample(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = try JSONBody.decode(InputStyleExamplePost.self, from: request.body)
        let (style, _) = try await ownedStyle(request)
        let exampleId = try Self.exampleId(request)
        if let url = body.url { try Self.checkExampleURL(url) }
        guard let changed = try await store.updateExample(id: exampleId, styleId: style.id, url: body.url, primary: body.primary)
        else { throw Self.exampleNotFound }
        guard changed else { throw HordeError(.badRequest, "This example URL is already in use for this style.") }
        return .json(200, StyleModify(id: exampleId.apiString), encoder: APICoding.encoder())
    }

    /// `DELETE /{style_id}/example/{example_id}`: deletes an example.
    func deleteExample(_ request: HTTPRequest) async throws -> HTTPResponse {
        let (style, _) = try await ownedStyle(request)
        let exampleId = try Self.exampleId(request)
        guard try await store.deleteExample(id: exampleId, styleId: style.id) else { throw Self.exampleNotFound }
        return .json(200, StyleMessage(message: "OK"), encoder: APICoding.encoder())
    }

    // MARK: - Shared steps

    private func decodeChanges(_ request: HTTPRequest) throws -> StyleChanges {
        switch kind {
        case .image: StyleChanges(try JSONBody.decode(ModelStyleInputStable.self, from: request.body))
        case .text: StyleChanges(try JSONBody.decode(ModelStyleInputKobold.self, from: request.body))
        }
    }

    /// The style of the path, of this endpoint's kind.
    private func typedStyle(_ text: String?) async throws -> StyleRecord {
        guard let text, let id = UUID(uuidString: text), let style = try await store.style(id: id) else {
            throw HordeError(kind.notFound, "Style '\((text ?? "").prefix(100))' not found.")
        }
        guard style.kind == kind else { throw Self.otherKind(style) }
        return style
    }

    /// The style of the path and its owner, the caller.
    private func ownedStyle(_ request: HTTPRequest) async throws -> (StyleRecord, AuthenticatedUser) {
        let user = try await context.authenticator.requireUser(request)
        try Self.requireNamedUser(user)
        let style = try await typedStyle(request.pathParameters["style_id"])
        guard style.ownerId == user.id else { throw HordeError(.notOwner, "Only the style's owner can change its examples.") }
        return (style, user)
    }

    private func respond(_ style: StyleRecord) async throws -> HTTPResponse {
        let examples = kind == .image ? try await store.examples(of: [style.id]) : [:]
        switch kind {
        case .image: return .json(200, Self.image(style, examples: examples[style.id] ?? []), encoder: APICoding.encoder())
        case .text: return .json(200, Self.text(style), encoder: APICoding.encoder())
        }
    }

    private func respond(_ styles: [StyleRecord]) async throws -> HTTPResponse {
        switch kind {
        case .image:
            let examples = try await store.examples(of: styles.map(\.id))
            return .json(200, styles.map { Self.image($0, examples: examples[$0.id] ?? []) }, encoder: APICoding.encoder())
        case .text:
            return .json(200, styles.map(Self.text), encoder: APICoding.encoder())
        }
    }

    /// An image style as the API shows it.
    static func image(_ style: StyleRecord, examples: [StyleExample]) -> StyleStable {
        StyleStable(
            id: style.id.apiString, name: style.name, info: style.info, prompt: style.prompt, params: style.params,
            public: style.isPublic, nsfw: style.nsfw, tags: style.tags, models: style.models, useCount: style.useCount,
            creator: style.creator, examples: examples, sharedkey: style.sharedkey?.apiString)
    }

    /// A text style as the API shows it.
    static func text(_ style: StyleRecord) -> StyleKobold {
        StyleKobold(
            id: style.id.apiString, name: style.name, info: style.info, prompt: style.prompt, params: style.params,
            public: style.isPublic, nsfw: style.nsfw, tags: style.tags, models: style.models, useCount: style.useCount,
            creator: style.creator)
    }

    /// Anonymous and deleted accounts own no styles or collections.
    static func requireNamedUser(_ user: AuthenticatedUser) throws {
        if user.isAnonymous {
            throw HordeError(.stylesAnonForbidden, "Anonymous users cannot create, modify or delete styles or collections.")
        }
        if user.deleted { throw HordeError(.deletedUser, "This account has been marked for deletion.") }
    }

    private static func otherKind(_ style: StyleRecord) -> HordeError {
        HordeError(.badRequest, "Style '\(style.id.apiString)' is a \(style.kind.rawValue) style.")
    }

    private static func nameTaken(_ name: String) -> HordeError {
        HordeError(.badRequest, "You already have a style named '\(name.prefix(100))'.")
    }

    private static let exampleNotFound = HordeError(.styleExampleNotFound, "Style example not found.")

    private static func exampleId(_ request: HTTPRequest) throws -> UUID {
        guard let text = request.pathParameters["example_id"], let id = UUID(uuidString: text) else { throw exampleNotFound }
        return id
    }

    /// Example images are https URLs of at most 1024 characters.
    private static func checkExampleURL(_ url: String) throws {
        var errors = SchemaErrors()
        errors.length(url, "url", min: 10, max: 1024)
        try errors.throwIfAny()
        guard url.lowercased().hasPrefix("https://"), URLComponents(string: url)?.host?.isEmpty == false else {
            throw HordeError(.badRequest, "Example images must be https URLs.")
        }
    }
}

/// `SimpleResponse`: `{"message": "OK"}` after a deletion.
struct StyleMessage: Codable, Sendable, Equatable {
    /// What happened.
    var message: String
}
