import Foundation
import HTTP
import HordeCore
import Messages
import ServiceKit

/// `horde-worker`: takes jobs from an AI Horde and runs them on the built-in CPU backend.
@main
struct WorkerMain {
    /// Runs the worker with the process environment (or `horde-worker bench`) and exits with its status.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "bench" { exit(await WorkerBench.run(Array(arguments.dropFirst()))) }
        exit(await run(env: Environment()))
    }

    /// Starts the worker and runs it until SIGTERM/SIGINT (or cancellation); returns the exit status.
    static func run(env: Environment) async -> Int32 {
        let bootLogger = Logger(label: "worker")
        let config: WorkerConfig
        do {
            config = try WorkerConfig.fromEnvironment(env)
        } catch {
            bootLogger.critical("invalid configuration", ["error": "\(error)"])
            return 2
        }
        guard !config.apiKey.isEmpty else {
            bootLogger.critical("HORDE_WORKER_API_KEY is required: workers run under their owner's API key")
            return 2
        }
        let runtime: StatelessRuntime
        do {
            runtime = try await StatelessRuntime.start(
                service: "worker", defaultAdminPort: 7104, kafka: config.mode == .inCluster, env: env)
        } catch {
            bootLogger.critical("start-up failed", ["error": "\(error)"])
            return 1
        }
        return await runtime.run(services(runtime: runtime, config: config, transport: SharedHTTPTransport()))
    }

    /// The worker's services on a started runtime, in start order (they stop in reverse: the pipeline first).
    static func services(runtime: StatelessRuntime, config: WorkerConfig, transport: any HTTPTransport) -> [any Service] {
        let logger = runtime.logger
        let api = HordeAPIClient(
            baseURL: config.gatewayURL, apiKey: config.apiKey, clientAgent: config.clientAgent, transport: transport,
            timeout: config.httpTimeout)
        // Model servers answer with whole image batches in base64: allow more than a gateway answer needs.
        let modelTransport = SharedHTTPTransport(client: HTTPClient(maxResponseBytes: 512 << 20))
        let backend = ModelRoutedBackend(
            configuration: config.backends, cpu: CPUBackend(minimumJobDuration: config.minimumJobDuration),
            transport: modelTransport)
        var executor = JobExecutor(backend: backend, api: api, logger: logger.child("jobs"))
        if let downloads = config.backends?.downloads {
            executor.extras = JobExtras(downloader: ModelDownloader(configuration: downloads, transport: modelTransport))
        }
        let stats = WorkerStats()
        let health = PopHealth()
        runtime.readiness.register("jobs") { health.isHealthy }
        var services: [any Service] = [runtime.adminService(), StatusLineService(stats: stats, interval: config.statusInterval, logger: logger.child("status"))]
        if config.alchemy {
            services.append(alchemyService(config: config, api: api, transport: modelTransport, stats: stats, health: health, logger: logger))
        }
        guard !config.kinds.isEmpty else { return services }
        let probe: @Sendable (WorkerLane) async -> Bool = { lane in await backend.probe(models: lane.models) }
        switch config.mode {
        case .external:
            let lanes = config.lanes(owner: nil)
            var worker = WorkerService(
                lanes: { _ in lanes }, threads: config.threads, source: HTTPJobSource(api: api, idleDelay: config.idleDelay),
                executor: executor, shutdownGrace: config.shutdownGrace, maxBackoff: config.maxBackoff, health: health,
                logger: logger)
            worker.probe = probe
            worker.stats = stats
            return services + [worker]
        case .inCluster:
            // Names, and so ids and reply addresses, are known before the owner is.
            let initial = config.lanes(owner: nil)
            let addresses = Set(initial.map(\.replyAddress))
            let router = PopReplyRouter(addresses: addresses)
            runtime.readiness.register("worker-jobs") { router.isReady }
            let primary = initial[0].workerId.uuidString.lowercased()
            var consumerConfig = runtime.consumerConfig(
                group: "\(Topics.prefix)worker-\(primary)", topics: [Topics.workerJobs.name])
            consumerConfig.autoOffsetReset = "latest"
            let consumer = WorkerJobsConsumer(config: consumerConfig, router: router, logger: logger.child("worker-jobs"))
            let publisher = runtime.publisher
            let source = KafkaJobSource(router: router, popWait: config.popWait) { request in
                guard let publisher else { throw ConfigError(key: "HORDE_WORKER_MODE", value: "in-cluster", expected: "Kafka") }
                try await publisher.publish(
                    Topics.pops, key: request.worker.workerId.uuidString.lowercased(), PopCommand.pop(request))
            }
            let lookup = OwnerLookup(api: api, logger: logger)
            var worker = WorkerService(
                lanes: { stop in config.lanes(owner: try await lookup.owner(stop: stop)) }, threads: config.threads,
                source: source, executor: executor, shutdownGrace: config.shutdownGrace, maxBackoff: config.maxBackoff,
                health: health, logger: logger)
            worker.probe = probe
            worker.stats = stats
            return services + [consumer, worker]
        }
    }

    /// The interrogation loops: forms popped over HTTP in both modes (the gateway's interrogation endpoints).
    static func alchemyService(
        config: WorkerConfig, api: HordeAPIClient, transport: any HTTPTransport, stats: WorkerStats, health: PopHealth,
        logger: Logger
    ) -> AlchemyService {
        let definition = config.backends?.backends[config.alchemyBackend]
        let backend: any AlchemyBackend
        let probe: (@Sendable () async -> Bool)?
        if definition?.type == .automatic1111, let endpoint = definition?.endpoint {
            backend = Automatic1111Alchemy(endpoint: endpoint, transport: transport)
            let http = BackendHTTP(endpoint: endpoint, transport: transport)
            probe = { await http.probe("/sdapi/v1/progress") }
        } else {
            backend = CPUAlchemy()
            probe = nil
        }
        let body = config.alchemyPopBody
        let alchemyLogger = logger.with("worker.name", body.name)
        return AlchemyService(
            threads: config.threads,
            makeLoop: { stop, thread in
                AlchemyLoop(
                    popBody: body, backend: backend, api: api, stop: stop, logger: alchemyLogger.with("thread", "\(thread)"),
                    idleDelay: config.idleDelay, backoff: Backoff(initial: .seconds(1), maximum: config.maxBackoff),
                    probe: probe, stats: stats, health: health)
            },
            shutdownGrace: config.shutdownGrace, logger: alchemyLogger)
    }
}
