import Foundation
import HTTP
import Messages
import ServiceKit

/// Applies the style (or collection) a generation request names, before the request is decoded and validated:
/// the style's template wraps the prompt, its parameters override the request's, and its models replace the
/// request's. The body that comes out no longer names a style, so the rest of the `async` path sees an ordinary
/// request.
struct StyleApplication: Sendable {
    /// The shared dependencies.
    let context: GatewayContext

    private static let styleKey = Array("\"style\"".utf8)

    /// The body with its style applied; unchanged when it names none, or is not a JSON object, or names one
    /// outside the schema's 3–1024 characters (validation reports those). An unknown style or collection is a
    /// 404 `StyleNotFound`; a style of the other kind is 400 (`StyleMismatch`, emitted as `BadRequest`).
    func apply(_ body: [UInt8], kind: StyleKind) async throws -> [UInt8] {
        try await applyNamingKey(body, kind: kind).body
    }

    /// The body with its style applied (as `apply`), and the shared key of the applied style, if it has one: the
    /// request is then paid through that key (`StyleSharedKey`).
    func applyNamingKey(_ body: [UInt8], kind: StyleKind) async throws -> (body: [UInt8], sharedKey: UUID?) {
        // Most requests name no style: skip parsing a body (possibly with base64 images) that cannot name one.
        guard body.firstRange(of: Self.styleKey) != nil,
            var tree = try? APICoding.decoder().decode(JSONValue.self, from: Data(body)),
            var object = tree.objectValue, let reference = object["style"]?.stringValue,
            (3...1024).contains(reference.count)
        else { return (body, nil) }
        let style = try await resolve(reference)
        guard style.kind == kind else {
            throw HordeError(.badRequest, "Style '\(reference.prefix(100))' is a \(style.kind.rawValue) style.")
        }
        object["prompt"] = .string(Self.prompt(object["prompt"]?.stringValue ?? "", template: style.prompt))
        var params = object["params"]?.objectValue ?? [:]
        for (key, value) in style.params.objectValue ?? [:] { params[key] = value }
        object["params"] = .object(params)
        if !style.models.isEmpty { object["models"] = .array(style.models.map(JSONValue.string)) }
        object["style"] = nil
        tree = .object(object)
        if object["dry_run"] != .bool(true) {
            try await context.pool.execute("UPDATE gateway.styles SET use_count = use_count + 1 WHERE id = \(style.id)")
        }
        return (try APICoding.encode(tree), style.sharedkey)
    }

    /// The user's prompt in the style's template: `{p}` is the prompt, `{np}` the negative prompt (the part after
    /// `###`), prefixed with `###` when the template does not separate it itself.
    static func prompt(_ prompt: String, template: String) -> String {
        var positive = prompt
        var negative = ""
        if let separator = prompt.range(of: "###") {
            positive = String(prompt[..<separator.lowerBound])
            negative = String(prompt[separator.upperBound...])
        }
        if !negative.isEmpty, !template.contains("###") { negative = "###" + negative }
        return template.replacingOccurrences(of: "{p}", with: positive).replacingOccurrences(of: "{np}", with: negative)
    }

    /// A style by id or unique name, or a random member of a collection by id or unique name.
    private func resolve(_ reference: String) async throws -> StyleRecord {
        let styles = StyleStore(pool: context.pool)
        if let style = try await styles.style(reference: reference) { return style }
        let collections = CollectionStore(pool: context.pool)
        var collection: CollectionStore.Record?
        if let id = UUID(uuidString: reference) {
            collection = try await collections.collection(id: id)
        } else if let (ownerId, name) = StyleNames.parse(reference, marker: "::collection::") {
            collection = try await collections.collection(ownerId: ownerId, name: name)
        }
        if let collection, let member = collection.styles.randomElement(), let id = UUID(uuidString: member.id),
            let style = try await styles.style(id: id)
        {
            try await context.pool.execute(
                "UPDATE gateway.collections SET use_count = use_count + 1 WHERE id = \(collection.id)")
            return style
        }
        throw HordeError(.styleNotFound, "Style '\(reference.prefix(100))' not found.")
    }
}
