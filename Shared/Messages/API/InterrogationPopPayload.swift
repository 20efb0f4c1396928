/// `InterrogationPopPayload`: the answer to an alchemist's pop: `{forms}` when something matched, else only
/// `{skipped}`.
package struct InterrogationPopPayload: Codable, Sendable, Equatable {
    /// The forms handed out; absent when nothing matched.
    package var forms: [InterrogationPopFormPayload]?
    /// Why waiting forms were not handed out (`NoValidInterrogationsFound`), when nothing matched.
    package var skipped: [String: Int]?

    /// A pop answer.
    package init(forms: [InterrogationPopFormPayload]?, skipped: [String: Int]?) {
        self.forms = forms
        self.skipped = skipped
    }
}

/// `InterrogationPopFormPayload`: one form handed to an alchemist.
package struct InterrogationPopFormPayload: Codable, Sendable, Equatable {
    /// The form id to submit against.
    package var id: String
    /// The form name.
    package var form: String
    /// The form's options as the requester sent them.
    package var payload: JSONValue?
    /// The source image: its URL, or base64 when the requester uploaded it inline.
    package var sourceImage: String
    /// Where a post-processed image may be uploaded (not offered by this server).
    package var r2Upload: String?

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case id, form, payload
        case sourceImage = "source_image"
        case r2Upload = "r2_upload"
    }

    /// A form of a pop answer.
    package init(id: String, form: String, payload: JSONValue?, sourceImage: String, r2Upload: String? = nil) {
        self.id = id
        self.form = form
        self.payload = payload
        self.sourceImage = sourceImage
        self.r2Upload = r2Upload
    }
}
