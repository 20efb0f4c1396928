import Foundation
import Messages

/// Reads the model lists in the formats the AI Horde publishes them: the image reference
/// (`stable_diffusion.json`: an object of name → {baseline, nsfw, requirements, …}) and the text reference
/// (`db.json`: an object of name → {parameters (a count) or parameters_bn, baseline, …}; an array of such objects
/// with a `name` is accepted too). Entries that lack what the gateway needs are skipped, not fatal.
enum ModelReferenceParser {
    /// Why a whole file could not be used.
    struct Failure: Error, CustomStringConvertible {
        /// What was wrong.
        let description: String
    }

    /// The image models of a reference file.
    static func imageModels(_ bytes: [UInt8]) throws -> [ImageModelInfo] {
        try entries(bytes).compactMap { name, entry in
            guard case .object(let fields) = entry else { return nil }
            let baseline = fields["baseline"]?.stringValue.map(ModelBaselines.normalised) ?? "stable_diffusion_1"
            var requirements = ImageModelInfo.Requirements()
            if case .object(let r)? = fields["requirements"] {
                requirements.minSteps = r["min_steps"].flatMap(int)
                requirements.maxSteps = r["max_steps"].flatMap(int)
                requirements.cfgScale = r["cfg_scale"].flatMap(double)
                requirements.minCfgScale = r["min_cfg_scale"].flatMap(double)
                requirements.maxCfgScale = r["max_cfg_scale"].flatMap(double)
                requirements.clipSkip = r["clip_skip"].flatMap(int)
                requirements.samplers = r["samplers"].flatMap(strings)
                requirements.schedulers = r["schedulers"].flatMap(strings)
            }
            return ImageModelInfo(
                name: name, baseline: baseline, nsfw: fields["nsfw"]?.boolValue ?? false, requirements: requirements)
        }
    }

    /// The text models of a reference file.
    static func textModels(_ bytes: [UInt8]) throws -> [TextModelInfo] {
        try entries(bytes).compactMap { name, entry in
            guard case .object(let fields) = entry else { return nil }
            let billions: Double
            if let value = fields["parameters_bn"].flatMap(double) {
                billions = value
            } else if let count = fields["parameters"].flatMap(double) {
                // The published list counts parameters; small values are already in billions.
                billions = count >= 1_000_000 ? count / 1_000_000_000 : count
            } else {
                return nil
            }
            guard billions > 0, billions.isFinite else { return nil }
            let listed = fields["model_name"]?.stringValue ?? fields["name"]?.stringValue ?? name
            return TextModelInfo(
                name: listed, parametersBillions: billions,
                baseline: fields["baseline"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 })
        }
    }

    /// (name, entry) pairs of an object keyed by name or an array of objects with a `name`, in file order for
    /// arrays and name order for objects.
    private static func entries(_ bytes: [UInt8]) throws -> [(String, JSONValue)] {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw Failure(description: "not JSON: \(error)")
        }
        switch root {
        case .object(let models):
            return models.keys.sorted().compactMap { name in models[name].map { (name, $0) } }
        case .array(let models):
            return models.compactMap { entry in entry["name"]?.stringValue.map { ($0, entry) } }
        default:
            throw Failure(description: "expected an object or an array of models")
        }
    }

    private static func int(_ value: JSONValue) -> Int? {
        double(value).flatMap { $0.isFinite && $0 == $0.rounded() && abs($0) < 1e9 ? Int($0) : nil }
    }

    private static func double(_ value: JSONValue) -> Double? {
        switch value {
        case .number(let number): number
        case .string(let text): Double(text)
        default: nil
        }
    }

    private static func strings(_ value: JSONValue) -> [String]? {
        guard case .array(let items) = value else { return nil }
        return items.compactMap(\.stringValue)
    }
}
