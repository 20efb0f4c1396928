import Messages

/// The answer to an interrogation pop (InterrogationPopPayload): the forms handed out, or only `skipped` when
/// none matched. Unknown fields are ignored.
struct InterrogationPopResponseBody: Decodable, Sendable, Equatable {
    /// One form to run (InterrogationPopFormPayload).
    struct Form: Sendable, Equatable {
        /// The form's id, submitted back with its result.
        var id: String
        /// The form's name (`caption`, `nsfw`, `RealESRGAN_x4plus` …).
        var form: String
        /// The form's options, if any.
        var payload: JSONValue?
        /// Where the source image is downloaded from.
        var sourceImage: String
        /// Presigned URL a post-processed image is PUT to, when the gateway wants that.
        var r2Upload: String?
    }

    /// The forms to run.
    var forms: [Form]
    /// Why forms were passed over, counted per reason.
    var skipped: [String: Int]

    /// An answer with the given forms.
    init(forms: [Form], skipped: [String: Int] = [:]) {
        self.forms = forms
        self.skipped = skipped
    }

    /// Decodes leniently: forms without an id, name or source image are dropped.
    init(from decoder: any Decoder) throws {
        let root = try JSONValue(from: decoder)
        forms = (root["forms"]?.arrayValue ?? []).compactMap { value in
            guard let id = value["id"]?.stringValue, let form = value["form"]?.stringValue,
                let source = value["source_image"]?.stringValue, !source.isEmpty
            else { return nil }
            let payload = value["payload"].flatMap { $0 == .null ? nil : $0 }
            return Form(id: id, form: form, payload: payload, sourceImage: source, r2Upload: value["r2_upload"]?.stringValue)
        }
        skipped = (root["skipped"]?.objectValue ?? [:]).compactMapValues { $0.doubleValue.map { Int($0) } }
    }
}
