import Messages

/// The `definitions` of the generated swagger document, each inferred from a sample of the model the gateway
/// really encodes (see `SchemaInference`). Request bodies the gateway only decodes are documented as objects.
enum APIDefinitions {
    /// Definition name → schema.
    static var all: [String: JSONValue] {
        let status = RequestStatusCheck(
            finished: 1, processing: 0, restarted: 0, waiting: 0, done: true, faulted: false, waitTime: 0,
            queuePosition: 0, kudos: 10.5, isPossible: true)
        let metadata = GenerationMetadataStable(type: "censorship", value: "nsfw", ref: "x")
        let image = GenerationStable(
            img: "base64", seed: "3", workerId: "uuid", workerName: "worker", model: "stable_diffusion", id: "uuid",
            censored: false, genMetadata: [metadata], state: "ok")
        let text = GenerationKobold(
            text: "text", seed: 3, workerId: "uuid", workerName: "worker", model: "model", id: "uuid", state: "ok",
            genMetadata: [metadata])
        var schemas: [String: JSONValue] = [
            "RequestError": SchemaInference.schema(of: RequestError(message: "text", rc: "rc", errors: ["field": "x"])),
            "HordeHeartbeat": SchemaInference.schema(of: HordeHeartbeat(message: "OK", version: "2.5")),
            "RequestAsync": SchemaInference.schema(
                of: RequestAsync(
                    id: "uuid", kudos: 10.5, message: "text",
                    warnings: [RequestSingleWarning(code: "StepsTooMany", message: "text")])),
            "RequestStatusCheck": SchemaInference.schema(of: status),
            "RequestStatusStable": SchemaInference.schema(of: RequestStatusStable(status: status, generations: [image])),
            "RequestStatusKobold": SchemaInference.schema(of: RequestStatusKobold(status: status, generations: [text])),
            "GenerationSubmitted": SchemaInference.schema(of: GenerationSubmitted(reward: 10.5)),
            "ActiveModel": SchemaInference.schema(
                of: ActiveModel(name: "model", count: 1, performance: 1.5, queued: 1.5, jobs: 1.5, eta: 1, type: "image")),
            "HordePerformance": performanceSchema,
            "StatsImgTotals": SchemaInference.schema(of: StatsImgTotals()),
            "StatsTxtTotals": SchemaInference.schema(of: StatsTxtTotals()),
            "ImgModelStats": modelStatsSchema,
            "TxtModelStats": modelStatsSchema,
            "AestheticsPayload": SchemaInference.schema(
                of: AestheticsPayload(best: "uuid", ratings: [AestheticRating(id: "uuid", rating: 1, artifacts: 1)])),
        ]
        for name in ["GenerationInputStable", "GenerationInputKobold", "PopInputStable", "PopInputKobold",
            "SubmitInputStable", "SubmitInputKobold"]
        {
            schemas[name] = ["type": "object", "description": "See the AI Horde v2 API reference for the fields."]
        }
        schemas["GenericObject"] = ["type": "object"]
        return schemas
    }

    /// Every figure of `HordePerformance` with its JSON type (fractional samples for the `number` fields).
    private static var performanceSchema: JSONValue {
        var sample = HordePerformance()
        sample.queuedMegapixelsteps = 1.5
        sample.pastMinuteMegapixelsteps = 1.5
        sample.queuedForms = 1.5
        sample.queuedTokens = 1.5
        sample.pastMinuteTokens = 1.5
        return SchemaInference.schema(of: sample)
    }

    /// Model name → count, per period.
    private static var modelStatsSchema: JSONValue {
        let counts: JSONValue = ["type": "object", "additionalProperties": ["type": "integer"]]
        return ["type": "object", "properties": ["day": counts, "month": counts, "total": counts]]
    }
}
