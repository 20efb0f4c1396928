import Foundation
import HTTP
import HordeCore
import Messages
import ServiceKit

/// Starts the gateway: dependencies and migrations (through `ServiceRuntime`), the anonymous key, the pop-reply
/// and status-cache consumers, and the API server (which also serves `/healthz`, `/readyz`, `/metrics`). Stops
/// in reverse order on SIGTERM/SIGINT: the API drains first, then the consumers, then the connections.
enum GatewayServer {
    /// Runs until shutdown; returns the exit status.
    static func run(env: Environment = .init()) async -> Int32 {
        let runtime: ServiceRuntime
        let config: GatewayConfig
        do {
            config = try GatewayConfig.fromEnvironment(env)
            // Nothing on the request paths waits for the broker (the outbox does), so the producer can gather
            // more messages per request to it: each request costs the broker far more than each message.
            runtime = try await ServiceRuntime.start(
                service: "gateway", defaultAdminPort: 7100, schema: "gateway",
                migrations: GatewayMigrations.all, env: env, kafkaLinger: .milliseconds(10))
            try await AnonymousAccount.ensureKey(runtime.postgres, hasher: APIKeyHasher(salt: config.apiKeySalt))
        } catch {
            Logger(label: "gateway").critical("start-up failed", ["error": "\(error)"])
            return 1
        }
        let context = GatewayContext(
            config: config, instanceId: runtime.config.instanceId, logger: runtime.logger, pool: runtime.postgres,
            redis: runtime.redis, publisher: runtime.publisher)
        // Direct pops need no reply consumer; a consumer costs the broker a fetch every few milliseconds.
        var popServices: [any Service] = []
        if config.popTransport == .kafka {
            let popRepliesReady = ReadyFlag()
            runtime.readiness.register("pop-replies") { popRepliesReady.isSet }
            popServices.append(
                PopReplyConsumer(
                    kafka: runtime.config.kafka, instanceId: context.instanceId, router: context.popReplies,
                    ready: popRepliesReady, logger: runtime.logger))
        }
        let statusCache = StatusInvalidationConsumer.make(
            kafka: runtime.config.kafka, cache: context.statusCache, logger: runtime.logger)
        let modelReference = ModelReferenceLoader(
            imageSource: config.modelReferenceImage, textSource: config.modelReferenceText,
            refreshInterval: config.modelReferenceRefresh, store: context.modelReference, logger: runtime.logger)
        await modelReference.loadOnce()
        let statsRecorder = StatsRecorder(pool: runtime.postgres)
        let stats = StatsConsumer.make(kafka: runtime.config.kafka, recorder: statsRecorder, logger: runtime.logger)
        let statsPruner = StatsConsumer.pruner(recorder: statsRecorder, logger: runtime.logger)
        let expiredRequests = ExpiredRequestSweep.service(
            pool: runtime.postgres, interval: config.expiredSweepInterval, logger: runtime.logger)
        let trustPromotions = TrustPromotionConsumer.make(
            kafka: runtime.config.kafka, pool: runtime.postgres, authenticator: context.authenticator,
            logger: runtime.logger)
        var serverConfig = runtime.config.http
        serverConfig.host = config.host
        serverConfig.port = config.port
        serverConfig.maxBodyBytes = config.maxBodyBytes
        let router = GatewayRoutes.router(context, readiness: runtime.readiness)
        let server = HTTPServer(config: serverConfig, logger: runtime.logger.child("http"), handler: router.handler())
        runtime.logger.info("serving", ["http.host": config.host, "http.port": String(config.port)])
        // The API port serves /healthz, /readyz and /metrics too; the admin port keeps them reachable for probes
        // on a network the API is not exposed to.
        return await runtime.run(
            [runtime.adminService(), context.outbox.shutdownService()] + popServices + [
                statusCache, modelReference, stats, statsPruner, expiredRequests, trustPromotions,
                HTTPServerService(name: "api", server: server, readiness: runtime.readiness),
            ])
    }
}
