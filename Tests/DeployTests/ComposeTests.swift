import Foundation
import Testing

@Suite("docker-compose.yml", .enabled(if: ProcessInfo.processInfo.environment["HORDE_IT"] != nil), .serialized)
struct ComposeTests {
    @Test("defines Kafka, PostgreSQL, Redis and the five Horde services")
    func definesEveryService() async throws {
        let compose = try await ComposeFile.load()
        for name in ["kafka", "postgres", "redis"] + hordeServices {
            #expect(compose.services[name] != nil, "docker-compose.yml has no service \(name)")
        }
    }

    @Test("runs each Horde service from the one image built by deploy/Dockerfile", arguments: hordeServices)
    func usesTheProjectImage(service: String) async throws {
        let compose = try await ComposeFile.load()
        let definition = try #require(compose.services[service])
        let build = try #require(definition["build"], "\(service) has no build section")
        let context = build["context"]?.text ?? build.text ?? "."
        let dockerfile = build["dockerfile"]?.text ?? "Dockerfile"
        let resolved = URL(fileURLWithPath: Repository.path(context)).appendingPathComponent(dockerfile)
            .standardizedFileURL.path
        #expect(resolved == Repository.path("deploy/Dockerfile"))

        let image = try #require(definition["image"]?.text, "\(service) names no image")
        let gatewayImage = compose.services["gateway"]?["image"]?.text
        #expect(image == gatewayImage, "\(service) uses \(image), the gateway \(gatewayImage ?? "nothing")")

        let command = compose.commandLine(of: service)
        let runsItsExecutable = command.split(separator: " ").first == "horde-\(service)"
            || command.contains("exec horde-\(service)")
        #expect(runsItsExecutable, "\(service) runs `\(command)`, not horde-\(service)")
    }

    @Test("sets (or the image defaults) every HORDE_* variable the local stack sets", arguments: hordeServices)
    func coversTheLocalStackEnvironment(service: String) async throws {
        let compose = try await ComposeFile.load()
        let local = try await LocalStack.environment(of: service)
        #expect(local["HORDE_POSTGRES_URL"] != nil, "print-env \(service) printed no HORDE_POSTGRES_URL")
        let imageDefaults = try DockerfileTests.runtimeEnvironmentKeys()
        let available = Set(compose.environment(of: service).keys).union(imageDefaults)
        let missing = local.keys.filter { $0.hasPrefix("HORDE_") && !available.contains($0) }.sorted()
        #expect(missing.isEmpty, "docker-compose.yml does not set \(missing) for \(service)")
    }

    @Test("health-checks each Horde service on the port it serves /readyz on", arguments: hordeServices)
    func healthChecksTheServicePort(service: String) async throws {
        let compose = try await ComposeFile.load()
        let check = healthCheck(compose, service)
        #expect(check.contains("/readyz") || check.contains("/healthz"), "\(service) health check: \(check)")
        let environment = compose.environment(of: service)
        let port = try #require(
            service == "gateway" ? environment["HORDE_GATEWAY_PORT"] : environment["HORDE_ADMIN_PORT"],
            "\(service) sets no port to check")
        #expect(check.contains(":\(port)/"), "\(service) listens on \(port) but its health check is \(check)")
    }

    @Test("health-checks Kafka, PostgreSQL and Redis", arguments: ["kafka", "postgres", "redis"])
    func healthChecksBackingServices(service: String) async throws {
        let compose = try await ComposeFile.load()
        let check = healthCheck(compose, service)
        #expect(!check.isEmpty && check != "NONE", "\(service) has no health check")
    }

    @Test("starts each Horde service only once its backing services are healthy", arguments: hordeServices)
    func waitsForHealthyBackingServices(service: String) async throws {
        let compose = try await ComposeFile.load()
        let dependencies = compose.services[service]?["depends_on"]?.members ?? [:]
        for backing in ["postgres", "redis", "kafka"] {
            #expect(
                dependencies[backing]?["condition"]?.text == "service_healthy",
                "\(service) does not wait for \(backing) to be healthy")
        }
    }

    @Test("restarts every long-running service")
    func restartsLongRunningServices() async throws {
        let compose = try await ComposeFile.load()
        for name in ["kafka", "postgres", "redis"] + hordeServices {
            let policy = compose.services[name]?["restart"]?.text ?? "no"
            #expect(["always", "unless-stopped"].contains(policy) || policy.hasPrefix("on-failure"),
                "\(name) has restart policy \(policy)")
        }
    }

    @Test("points every Horde service at the compose PostgreSQL, Redis and Kafka", arguments: hordeServices)
    func connectsToComposeBackingServices(service: String) async throws {
        let compose = try await ComposeFile.load()
        let environment = compose.environment(of: service)
        let postgres = URLComponents(string: environment["HORDE_POSTGRES_URL"] ?? "")
        #expect(postgres?.host == "postgres" && postgres?.port == 5432 && postgres?.path == "/horde")
        let redis = URLComponents(string: environment["HORDE_REDIS_URL"] ?? "")
        #expect(redis?.host == "redis" && redis?.port == 6379)
        let advertised = compose.environment(of: "kafka")["KAFKA_ADVERTISED_LISTENERS"] ?? ""
        let brokers = try #require(environment["HORDE_KAFKA_BROKERS"], "\(service) sets no HORDE_KAFKA_BROKERS")
        #expect(advertised.contains("://\(brokers)"), "\(service) uses \(brokers); Kafka advertises \(advertised)")
    }

    @Test("runs Kafka as a single KRaft node that is its own controller")
    func kafkaRunsInKRaftMode() async throws {
        let compose = try await ComposeFile.load()
        #expect(compose.services["kafka"]?["image"]?.text?.hasPrefix("apache/kafka:") == true)
        let environment = compose.environment(of: "kafka")
        let roles = Set((environment["KAFKA_PROCESS_ROLES"] ?? "").split(separator: ",").map(String.init))
        #expect(roles == ["broker", "controller"])
        let nodeID = try #require(environment["KAFKA_NODE_ID"])
        #expect(environment["KAFKA_CONTROLLER_QUORUM_VOTERS"]?.hasPrefix("\(nodeID)@kafka:") == true)
        #expect(environment["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "1")
    }

    @Test("keeps PostgreSQL's data in a named volume")
    func postgresDataSurvivesContainers() async throws {
        let compose = try await ComposeFile.load()
        let mounts = compose.services["postgres"]?["volumes"]?.elements.compactMap(\.text) ?? []
        let data = try #require(mounts.first { $0.hasSuffix(":/var/lib/postgresql/data") }, "no data volume")
        let volume = String(data.split(separator: ":")[0])
        #expect(compose.document["volumes"]?.members.keys.contains(volume) == true, "\(volume) is not declared")
    }

    @Test("creates the admin account once and hands its key to the worker")
    func adminAccountFeedsTheWorker() async throws {
        let compose = try await ComposeFile.load()
        let script = compose.commandLine(of: "admin")
        #expect(script.contains("horde-gateway user create --username admin"))
        #expect(script.contains("--json"))
        #expect(compose.services["admin"]?["depends_on"]?["gateway"]?["condition"]?.text == "service_healthy")
        #expect(
            compose.services["worker"]?["depends_on"]?["admin"]?["condition"]?.text
                == "service_completed_successfully")
        let volume: (String) -> String? = { service in
            compose.services[service]?["volumes"]?.elements.compactMap(\.text)
                .first { $0.contains(":/var/lib/horde") }?.split(separator: ":").first.map(String.init)
        }
        #expect(volume("admin") != nil && volume("admin") == volume("worker"))
    }

    private func healthCheck(_ compose: ComposeFile, _ service: String) -> String {
        guard let test = compose.services[service]?["healthcheck"]?["test"] else { return "" }
        if case .array(let words) = test { return words.compactMap(\.text).joined(separator: " ") }
        return test.text ?? ""
    }
}
