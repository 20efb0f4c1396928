import Messages

/// One LoRa an image job asks for (the payload's `loras` entry), with the API's defaults.
struct LoraRequest: Sendable, Equatable {
    /// CivitAI model id or exact name, or a version id when `isVersion`.
    var name: String
    /// Strength applied to the model (Default: 1).
    var modelStrength: Double = 1
    /// Strength applied to the text encoder (Default: 1).
    var clipStrength: Double = 1
    /// Which trained word to prepend to the prompt: `any`, `all` or a text the closest word is chosen by.
    var injectTrigger: String?
    /// `name` is a version id rather than a model id or name.
    var isVersion: Bool = false

    /// The file the backend loads: the name as given until a download resolves it to a stored file.
    var fileName: String

    /// The request in `value`; nil when it has no usable name.
    init?(_ value: JSONValue) {
        guard let name = value["name"]?.stringValue ?? value["name"]?.intValue.map(String.init), !name.isEmpty,
            name.count <= 255
        else { return nil }
        self.name = name
        fileName = name
        if let strength = value["model"]?.doubleValue, strength.isFinite { modelStrength = min(max(strength, -5), 5) }
        if let strength = value["clip"]?.doubleValue, strength.isFinite { clipStrength = min(max(strength, -5), 5) }
        injectTrigger = value["inject_trigger"]?.stringValue
        isVersion = value["is_version"]?.boolValue ?? false
    }

    /// The name the AUTOMATIC1111 prompt syntax uses: the file name without its extension.
    var promptName: String {
        fileName.hasSuffix(".safetensors") ? String(fileName.dropLast(".safetensors".count)) : fileName
    }

    /// The file name ComfyUI's LoraLoader takes (files in its `loras` folder, with extension).
    var comfyFileName: String { fileName.hasSuffix(".safetensors") ? fileName : fileName + ".safetensors" }
}

/// One textual inversion an image job asks for (the payload's `tis` entry).
struct TextualInversionRequest: Sendable, Equatable {
    /// CivitAI model id or name.
    var name: String
    /// `prompt`, `negprompt` or nil (the client wrote `embedding:<name>` into the prompt itself).
    var inject: String?
    /// Strength in the injected reference (Default: 1).
    var strength: Double = 1

    /// The request in `value`; nil when it has no usable name.
    init?(_ value: JSONValue) {
        guard let name = value["name"]?.stringValue ?? value["name"]?.intValue.map(String.init), !name.isEmpty,
            name.count <= 255
        else { return nil }
        self.name = name
        inject = value["inject_ti"]?.stringValue
        if let strength = value["strength"]?.doubleValue, strength.isFinite { self.strength = min(max(strength, -5), 5) }
    }
}
