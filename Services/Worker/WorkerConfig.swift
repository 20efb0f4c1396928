import Foundation
import HordeCore
import Domain
import Messages

/// The worker's settings, from `HORDE_WORKER_*` variables.
struct WorkerConfig: Sendable, Equatable {
    /// Where jobs come from.
    enum Mode: String, Sendable, Equatable {
        /// Pops go to the scheduler over Kafka, answers come on the worker-jobs topic; submits over HTTP.
        case inCluster = "in-cluster"
        /// Pop and submit over HTTP against any AI-Horde-compatible gateway.
        case external
    }

    /// `HORDE_WORKER_MODE`: `in-cluster` or `external` (Default: in-cluster).
    var mode: Mode
    /// `HORDE_WORKER_URL`: the gateway's base URL (Default: http://127.0.0.1:7001).
    var gatewayURL: String
    /// `HORDE_WORKER_API_KEY`: the owner's API key (required; the anonymous key cannot run workers).
    var apiKey: String
    /// `HORDE_WORKER_NAME` (Default: `cpu-worker-<host>`). With several kinds each gets `<name>-<kind>`, because
    /// worker names are unique across kinds.
    var name: String
    /// `HORDE_WORKER_KINDS`: `image`, `text` or both (Default: image,text).
    var kinds: [RequestKind]
    /// `HORDE_WORKER_MODELS`, split by kind: `image:NAME` / `text:NAME` say it explicitly, otherwise names with a
    /// `/` (`org/model`, as text models are named) are text models and the rest image models
    /// (Default: stable_diffusion, horde/cpu-text-1B).
    var imageModels: [String]
    /// Text models (see `imageModels`).
    var textModels: [String]
    /// `HORDE_WORKER_MAX_PIXELS`: the largest width × height taken (Default: 1048576, i.e. 1024 × 1024).
    var maxPixels: Int
    /// `HORDE_WORKER_THREADS`: jobs run at once per kind (Default: 1).
    var threads: Int
    /// `HORDE_WORKER_AMOUNT`: jobs of one request taken per pop (Default: 1).
    var amount: Int
    /// `HORDE_WORKER_MAX_LENGTH`: the most tokens generated per text (Default: 512).
    var maxLength: Int
    /// `HORDE_WORKER_MAX_CONTEXT_LENGTH` (Default: 4096).
    var maxContextLength: Int
    /// `HORDE_WORKER_NSFW`: takes requests that allow NSFW (Default: true, as the reference's parser default).
    var nsfw: Bool
    /// `HORDE_WORKER_POP_WAIT`: how long the scheduler may park an in-cluster pop (Default: 2s).
    var popWait: Duration
    /// `HORDE_WORKER_IDLE_DELAY`: pause after an empty HTTP pop (Default: 1s).
    var idleDelay: Duration
    /// `HORDE_WORKER_MAX_BACKOFF`: longest pause after repeated failures (Default: 30s).
    var maxBackoff: Duration
    /// `HORDE_WORKER_SHUTDOWN_GRACE`: time a job in hand gets once shutdown began (Default: 20s).
    var shutdownGrace: Duration
    /// `HORDE_WORKER_MIN_JOB_TIME`: each job takes at least this long (Default: 0s), to imitate a real model.
    var minimumJobDuration: Duration
    /// `HORDE_WORKER_HTTP_TIMEOUT`: limit for one gateway call (Default: 30s).
    var httpTimeout: Duration
    /// `HORDE_WORKER_INFO_URL`: the third part of `bridge_agent` and `Client-Agent` (Default: unknown).
    var infoURL: String
    /// `HORDE_WORKER_CONFIG`: the configuration file's backends and models (Default: none, every model on the
    /// built-in CPU backend). Its models replace `HORDE_WORKER_MODELS`; without `HORDE_WORKER_KINDS` the kinds
    /// are those it has models for.
    var backends: BackendConfiguration? = nil
    /// `HORDE_WORKER_KINDS` includes `alchemy` (or, without it, the configuration file has an `alchemy`
    /// section): the worker also pops interrogation forms over HTTP.
    var alchemy: Bool = false
    /// Interrogation forms offered (the file's `alchemy.forms`, else what its backend offers).
    var alchemyForms: [String] = []
    /// The backend running the forms (Default: cpu).
    var alchemyBackend: String = "cpu"
    /// `max_tiles` declared in interrogation pops (Default: 16).
    var alchemyMaxTiles: Int = 16
    /// `HORDE_WORKER_STATUS_INTERVAL`: time between status lines (Default: 60s).
    var statusInterval: Duration = .seconds(60)
    /// The image backends take LoRas, embeddings and source images (every image model is on an AUTOMATIC1111 or
    /// ComfyUI server), so pops declare `allow_lora` and `allow_img2img`.
    var imageExtras: Bool = false
    /// `HORDE_WORKER_ALLOW_IMG2IMG`: pops declare `allow_img2img` (Default: `imageExtras`). The CPU backend
    /// renders source-image jobs without reading the source, so it takes them only when told to.
    var allowImg2img: Bool = false

    /// Reads the settings; a set but unusable value is a start-up error.
    static func fromEnvironment(_ env: Environment = .init()) throws -> WorkerConfig {
        let modeText = env.string("HORDE_WORKER_MODE", default: Mode.inCluster.rawValue)
        guard let mode = Mode(rawValue: modeText.lowercased()) else {
            throw ConfigError(key: "HORDE_WORKER_MODE", value: modeText, expected: "in-cluster or external")
        }
        let configPath = env.string("HORDE_WORKER_CONFIG", default: "").trimmingCharacters(in: .whitespaces)
        let backends = configPath.isEmpty ? nil : try BackendConfiguration.load(path: configPath)
        var defaultKinds = ["image", "text"]
        if let backends {
            defaultKinds = []
            if !backends.imageModels.isEmpty { defaultKinds.append("image") }
            if !backends.textModels.isEmpty { defaultKinds.append("text") }
            if backends.alchemy != nil { defaultKinds.append("alchemy") }
        }
        var kinds: [RequestKind] = []
        var alchemy = false
        for raw in env.list("HORDE_WORKER_KINDS", default: defaultKinds) {
            if raw.lowercased() == "alchemy" {
                alchemy = true
                continue
            }
            guard let kind = RequestKind(rawValue: raw.lowercased()) else {
                throw ConfigError(key: "HORDE_WORKER_KINDS", value: raw, expected: "image, text and/or alchemy")
            }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        guard !kinds.isEmpty || alchemy else {
            throw ConfigError(key: "HORDE_WORKER_KINDS", value: "", expected: "image, text and/or alchemy")
        }
        let (imageModels, textModels) =
            backends.map { ($0.imageModels, $0.textModels) }
            ?? splitModels(env.list("HORDE_WORKER_MODELS", default: ["stable_diffusion", "horde/cpu-text-1B"]))
        let amount = try backends?.maxBatch ?? positive(env, "HORDE_WORKER_AMOUNT", 1)
        guard amount <= ImageJobParameters.maxBatch else {
            throw ConfigError(
                key: backends?.maxBatch != nil ? "HORDE_WORKER_CONFIG" : "HORDE_WORKER_AMOUNT", value: "\(amount)",
                expected: "a batch of at most \(ImageJobParameters.maxBatch)")
        }
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "local"
        var config = WorkerConfig(
            mode: mode,
            gatewayURL: env.string("HORDE_WORKER_URL", default: "http://127.0.0.1:7001"),
            apiKey: env.string("HORDE_WORKER_API_KEY", default: ""),
            name: env.string("HORDE_WORKER_NAME", default: "cpu-worker-\(host)"),
            kinds: kinds, imageModels: imageModels, textModels: textModels,
            maxPixels: try backends?.maxPixels ?? positive(env, "HORDE_WORKER_MAX_PIXELS", 1_048_576),
            threads: try positive(env, "HORDE_WORKER_THREADS", 1),
            amount: amount,
            maxLength: try positive(env, "HORDE_WORKER_MAX_LENGTH", 512),
            maxContextLength: try positive(env, "HORDE_WORKER_MAX_CONTEXT_LENGTH", 4096),
            nsfw: try env.bool("HORDE_WORKER_NSFW", default: true),
            popWait: try env.duration("HORDE_WORKER_POP_WAIT", default: .seconds(2)),
            idleDelay: try env.duration("HORDE_WORKER_IDLE_DELAY", default: .seconds(1)),
            maxBackoff: try env.duration("HORDE_WORKER_MAX_BACKOFF", default: .seconds(30)),
            shutdownGrace: try env.duration("HORDE_WORKER_SHUTDOWN_GRACE", default: .seconds(20)),
            minimumJobDuration: try env.duration("HORDE_WORKER_MIN_JOB_TIME", default: .zero),
            httpTimeout: try env.duration("HORDE_WORKER_HTTP_TIMEOUT", default: .seconds(30)),
            infoURL: env.string("HORDE_WORKER_INFO_URL", default: "unknown"), backends: backends)
        config.alchemy = alchemy
        config.statusInterval = try env.duration("HORDE_WORKER_STATUS_INTERVAL", default: .seconds(60))
        if let section = backends?.alchemy {
            config.alchemyBackend = section.backend
            config.alchemyMaxTiles = section.maxTiles
        }
        let alchemyType = backends?.backends[config.alchemyBackend]?.type ?? .cpu
        config.alchemyForms = backends?.alchemy.flatMap { $0.forms.isEmpty ? nil : $0.forms } ?? AlchemyForms.defaults(for: alchemyType)
        if let backends, !backends.imageModels.isEmpty {
            config.imageExtras = backends.imageModels.allSatisfy { model in
                let type = backends.routes[model].flatMap { backends.backends[$0]?.type }
                return type == .automatic1111 || type == .comfyui
            }
        }
        config.allowImg2img = try env.bool("HORDE_WORKER_ALLOW_IMG2IMG", default: config.imageExtras)
        for kind in kinds where config.models(for: kind).isEmpty {
            throw ConfigError(
                key: backends == nil ? "HORDE_WORKER_MODELS" : "HORDE_WORKER_CONFIG", value: (imageModels + textModels).joined(separator: ","),
                expected: "at least one \(kind.rawValue) model")
        }
        return config
    }

    /// Image and text models from one list (see `imageModels`).
    static func splitModels(_ names: [String]) -> (image: [String], text: [String]) {
        var image: [String] = []
        var text: [String] = []
        for name in names {
            if name.hasPrefix("image:") {
                image.append(String(name.dropFirst(6)))
            } else if name.hasPrefix("text:") {
                text.append(String(name.dropFirst(5)))
            } else if name.contains("/") {
                text.append(name)
            } else {
                image.append(name)
            }
        }
        return (image.filter { !$0.isEmpty }, text.filter { !$0.isEmpty })
    }

    /// The models this worker serves for `kind`.
    func models(for kind: RequestKind) -> [String] { kind == .image ? imageModels : textModels }

    /// The worker name used for `kind`.
    func workerName(for kind: RequestKind) -> String { laneCount > 1 ? "\(name)-\(kind.rawValue)" : name }

    /// The alchemy worker's name.
    var alchemyWorkerName: String { laneCount > 1 ? "\(name)-alchemy" : name }

    /// Workers this process registers (one per kind, plus alchemy).
    private var laneCount: Int { kinds.count + (alchemy ? 1 : 0) }

    /// The interrogation pop body.
    var alchemyPopBody: InterrogationPopRequestBody {
        InterrogationPopRequestBody(
            name: alchemyWorkerName, forms: alchemyForms, amount: 1, bridgeAgent: bridgeAgent, threads: threads,
            maxTiles: alchemyMaxTiles)
    }

    /// `horde-worker:<version>:<url>`.
    var bridgeAgent: String { "\(WorkerVersion.bridgeName):\(WorkerVersion.current):\(infoURL)" }

    /// `Client-Agent`: `name:version:contact`, the same triple as the bridge agent.
    var clientAgent: String { bridgeAgent }

    /// One lane per kind. `owner` (from find_user) fills the in-cluster profile; external pops don't need it.
    func lanes(owner: UserDetailsBody?) -> [WorkerLane] {
        kinds.map { kind in
            let name = workerName(for: kind)
            let models = models(for: kind)
            let body: PopRequestBody =
                kind == .image
                ? .image(
                    name: name, models: models, bridgeAgent: bridgeAgent, nsfw: nsfw, threads: threads, amount: amount,
                    maxPixels: maxPixels, allowImg2img: allowImg2img, allowLora: imageExtras)
                : .text(
                    name: name, models: models, bridgeAgent: bridgeAgent, nsfw: nsfw, threads: threads, amount: amount,
                    maxLength: maxLength, maxContextLength: maxContextLength)
            let workerId = WorkerIdentity.id(forName: name)
            let profile = WorkerProfile(
                workerId: workerId, name: name, ownerId: owner?.id ?? 0, ownerTrusted: owner?.trusted ?? false,
                kind: kind, models: models, bridgeAgent: bridgeAgent, nsfw: nsfw, maxPixels: maxPixels,
                maxLength: maxLength, maxContextLength: maxContextLength, amount: amount, threads: threads,
                allowImg2Img: kind == .image && allowImg2img, allowPainting: false, allowPostProcessing: false,
                allowControlNet: false, allowLora: kind == .image && imageExtras)
            return WorkerLane(kind: kind, name: name, workerId: workerId, models: models, popBody: body, profile: profile)
        }
    }

    private static func positive(_ env: Environment, _ key: String, _ value: Int) throws -> Int {
        let parsed = try env.int(key, default: value)
        guard parsed > 0 else { throw ConfigError(key: key, value: "\(parsed)", expected: "a positive integer") }
        return parsed
    }
}
