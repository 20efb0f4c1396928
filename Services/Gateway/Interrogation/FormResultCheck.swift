import Foundation
import Messages
import ServiceKit

/// Turns a submitted form result into the JSON object stored and shown in status: `{"<form>": …}`.
enum FormResultCheck {
    /// The result as JSON object text. An object is kept as sent; a string holding a JSON object is read as that
    /// object; any other string becomes `{"<form>": "<string>"}`. A post-processor's image must be base64 of an
    /// image or an `http(s)` URL the worker uploaded it to.
    static func normalised(_ result: JSONValue?, form: String) throws -> String {
        var object: [String: JSONValue]
        switch result {
        case .object(let value):
            object = value
        case .string(let text):
            if let parsed = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)),
                let value = parsed.objectValue
            {
                object = value
            } else {
                object = [form: .string(text)]
            }
        case nil, .null:
            throw HordeError.validation(errors: ["result": "'result' is a required property"])
        default:
            object = [form: result ?? .null]
        }
        if !ModelInterrogationFormStable.analysisForms.contains(form) {
            guard let image = object[form]?.stringValue, isImageReference(image) else {
                throw HordeError(
                    .badRequest,
                    "The result of '\(form)' must be the processed image as base64, or the URL it was uploaded to.")
            }
        }
        return String(decoding: try APICoding.encode(JSONValue.object(object)), as: UTF8.self)
    }

    /// An `http(s)` URL, or base64 of a PNG, JPEG, WebP or GIF image.
    static func isImageReference(_ text: String) -> Bool {
        let lowered = text.lowercased()
        if lowered.hasPrefix("https://") || lowered.hasPrefix("http://") { return URL(string: text) != nil }
        guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else { return false }
        return ImageDimensions.of([UInt8](data.prefix(65536))) != nil
    }
}
