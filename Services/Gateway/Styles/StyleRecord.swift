import Foundation
import Messages

/// A stored style with its owner's alias, as the style endpoints and collections read it.
struct StyleRecord: Sendable, Equatable {
    /// The style id.
    var id: UUID
    /// Image or text.
    var kind: StyleKind
    /// The owner's user id.
    var ownerId: Int
    /// The owner's alias (without `#id`).
    var ownerName: String
    /// The name, unique per owner.
    var name: String
    /// Information about the style.
    var info: String?
    /// The prompt template.
    var prompt: String
    /// Parameters applied to requests, as sent.
    var params: JSONValue
    /// Models the style runs on.
    var models: [String]
    /// Discovery tags.
    var tags: [String]
    /// Listed publicly.
    var isPublic: Bool
    /// Expected to produce NSFW output.
    var nsfw: Bool
    /// The shared key paying for the style.
    var sharedkey: UUID?
    /// Times used.
    var useCount: Int

    /// `alias#id`, the creator as shown.
    var creator: String { "\(ownerName)#\(ownerId)" }

    /// `alias#id::style::name`, the name that is unique across the horde.
    var uniqueName: String { "\(creator)::style::\(name)" }
}
