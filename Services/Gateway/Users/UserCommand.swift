import Foundation
import HordeCore
import Kafka
import Messages
import Postgres
import ServiceKit

/// `horde-gateway user create --username NAME [--moderator] [--trusted] [--kudos N] [--json]`: creates a user
/// and prints their API key (with `--json`: `{"id","username","api_key"}`). Migrates the gateway schema first if
/// needed. Exit status: 0 created, 1 failed, 2 bad usage.
enum UserCommand {
    /// The usage line printed on bad arguments.
    static let usage =
        "usage: horde-gateway user create --username NAME [--moderator] [--trusted] [--kudos N] [--json]"

    /// Parses the arguments after `user`.
    static func parse(_ arguments: [String]) -> UserCreation.Options? {
        guard arguments.first == "create" else { return nil }
        var options = UserCreation.Options(username: "")
        var index = 1
        var sawUsername = false
        while index < arguments.count {
            switch arguments[index] {
            case "--username":
                guard index + 1 < arguments.count else { return nil }
                options.username = arguments[index + 1]
                sawUsername = true
                index += 1
            case "--kudos":
                guard index + 1 < arguments.count, let kudos = Double(arguments[index + 1]), kudos.isFinite else {
                    return nil
                }
                options.kudos = kudos
                index += 1
            case "--moderator": options.moderator = true
            case "--trusted": options.trusted = true
            case "--json": options.json = true
            default: return nil
            }
            index += 1
        }
        return sawUsername ? options : nil
    }

    /// Runs the command; returns the exit status.
    static func run(_ arguments: [String], env: Environment = .init()) async -> Int32 {
        guard let options = parse(arguments) else {
            FileHandle.standardError.write(Data((usage + "\n").utf8))
            return 2
        }
        let logger = Logger(label: "gateway.user-create", level: .warning)
        do {
            let config = try GatewayConfig.fromEnvironment(env)
            let pool = PostgresPool(config: try PostgresConfig.fromEnvironment(env), logger: logger)
            defer { Task { await pool.close() } }
            try await Migrator.migrate(pool, schema: "gateway", migrations: GatewayMigrations.all, logger: logger)
            let hasher = APIKeyHasher(salt: config.apiKeySalt)
            try await AnonymousAccount.ensureKey(pool, hasher: hasher)
            var producer: KafkaProducer?
            if options.kudos != 0 {
                let kafka = KafkaConfig.fromEnvironment(env, clientId: "horde-gateway-cli")
                try await KafkaAdmin.createTopics(
                    Topics.all.map { TopicSpec(name: $0.name, partitions: $0.partitions) }, config: kafka, logger: logger)
                producer = try KafkaProducer(config: kafka, logger: logger)
            }
            let creation = UserCreation(pool: pool, hasher: hasher, publisher: producer.map(EventPublisher.init))
            let created = try await creation.create(options)
            await producer?.close()
            await pool.close()
            if options.json {
                print(String(decoding: try APICoding.encode(created), as: UTF8.self))
            } else {
                print(created.apiKey)
            }
            return 0
        } catch {
            FileHandle.standardError.write(Data("user create failed: \(error)\n".utf8))
            return 1
        }
    }
}
