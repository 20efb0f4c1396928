import Messages

/// What a style or collection shapes: image or text requests.
enum StyleKind: String, Sendable, Equatable, CaseIterable {
    /// Image styles (`/styles/image`), with examples.
    case image
    /// Text styles (`/styles/text`).
    case text

    /// The rc for an unknown style id on this kind's endpoints (the reference's spelling has a space).
    var notFound: RC {
        switch self {
        case .image: .imageStyleNotFound
        case .text: .textStyleNotFound
        }
    }
}
