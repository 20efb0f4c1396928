import Foundation
import Messages

extension ModelReference {
    /// The warnings an image request gets for settings its models are known not to suit (the request is accepted
    /// anyway): one per problem and model, in the reference's order of checks.
    func imageWarnings(models: [String], params p: ModelGenerationInputStable) -> [RequestSingleWarning] {
        var warnings: [RequestSingleWarning] = []
        for model in models {
            guard let requirements = image[model]?.requirements else { continue }
            let name = String(model.prefix(100))
            if let clipSkip = requirements.clipSkip, (p.clipSkip ?? 1) != clipSkip {
                warnings.append(.init(code: "ClipSkipMismatch", message: "The model \(name) requires a clip_skip of \(clipSkip)."))
            }
            if let minSteps = requirements.minSteps, p.steps < minSteps {
                warnings.append(.init(code: "StepsTooFew", message: "The model \(name) requires at least \(minSteps) steps."))
            }
            if let maxSteps = requirements.maxSteps, p.steps > maxSteps {
                warnings.append(.init(code: "StepsTooMany", message: "The model \(name) requires at most \(maxSteps) steps."))
            }
            if let cfg = requirements.cfgScale, abs(p.cfgScale - cfg) > 1e-9 {
                warnings.append(.init(code: "CfgScaleMismatch", message: "The model \(name) requires a cfg_scale of \(Self.number(cfg))."))
            }
            if let minCfg = requirements.minCfgScale, p.cfgScale < minCfg {
                warnings.append(.init(code: "CfgScaleTooSmall", message: "The model \(name) requires a cfg_scale of at least \(Self.number(minCfg))."))
            }
            if let maxCfg = requirements.maxCfgScale, p.cfgScale > maxCfg {
                warnings.append(.init(code: "CfgScaleTooLarge", message: "The model \(name) requires a cfg_scale of at most \(Self.number(maxCfg))."))
            }
            if let samplers = requirements.samplers, !samplers.contains(p.samplerName) {
                warnings.append(.init(code: "SamplerMismatch", message: "The model \(name) requires one of these samplers: \(samplers.joined(separator: ", "))."))
            }
            if let schedulers = requirements.schedulers, !schedulers.contains(p.karras ? "karras" : "simple") {
                warnings.append(.init(code: "SchedulerMismatch", message: "The model \(name) requires one of these schedulers: \(schedulers.joined(separator: ", "))."))
            }
        }
        return warnings
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
