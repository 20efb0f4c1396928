import Messages

/// Which payload shape a delivery gets: image, text or interrogation (HORDE_RULES 5).
///
/// Read from the kind text stored with the delivery and the generation rather than from `RequestKind`, so a kind
/// this build does not model yet still gets the shape its stored text names.
enum WebhookForm: String, Sendable, Equatable {
    /// `img`, `censored` and the shared fields.
    case image
    /// `text`, `state` and the shared fields.
    case text
    /// One interrogation form: `form`, `state`, `result` and the shared worker/request fields.
    case interrogation

    /// The shape for a request kind; an unknown kind is sent as an image, the reference's default.
    init(_ kind: RequestKind) { self = WebhookForm(stored: kind.rawValue) }

    /// The shape for a stored kind text; anything unknown is sent as an image.
    init(stored text: String) { self = WebhookForm(rawValue: text) ?? .image }
}
