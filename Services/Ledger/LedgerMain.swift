import Foundation
import HordeCore
import Postgres

/// `horde-ledger`: the kudos ledger. `horde-ledger verify` checks it instead of running it.
@main
struct LedgerMain {
    /// Runs the ledger, or `verify` when given.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        switch arguments.first {
        case nil:
            exit(await serve())
        case "verify":
            exit(await verify())
        default:
            FileHandle.standardError.write(Data("usage: horde-ledger [verify]\n".utf8))
            exit(2)
        }
    }

    private static func serve() async -> Int32 {
        do {
            let app = try await LedgerApp.start()
            return await app.runtime.run(app.services())
        } catch {
            Logger(label: "ledger").critical("start-up failed", ["error": "\(error)"])
            return 1
        }
    }

    /// Prints the verification report as JSON; exit status 1 when the ledger is inconsistent (or unreachable).
    static func verify(env: Environment = .init()) async -> Int32 {
        let logger = Logger(label: "ledger.verify")
        let pool: PostgresPool
        do {
            pool = PostgresPool(config: try PostgresConfig.fromEnvironment(env), logger: logger)
        } catch {
            logger.error("bad configuration", ["error": "\(error)"])
            return 1
        }
        do {
            try await Migrator.migrate(
                pool, schema: LedgerMigrations.schema, migrations: LedgerMigrations.all, logger: logger)
            let report = try await LedgerVerifier(pool: pool).verify()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            await pool.close()
            return report.ok ? 0 : 1
        } catch {
            logger.error("verification failed", ["error": "\(error)"])
            await pool.close()
            return 1
        }
    }
}
