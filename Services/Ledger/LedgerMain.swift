import Foundation
import HordeCore
import Postgres

/// `horde-ledger`: the kudos ledger. `verify` checks it, `rebuild` refolds its projections, `bench` measures it.
@main
struct LedgerMain {
    /// Runs the ledger, or the subcommand given.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        switch arguments.first {
        case nil:
            exit(await serve())
        case "verify":
            exit(await withLedgerPool { pool in try await LedgerVerifier(pool: pool).verify() })
        case "rebuild":
            exit(await withLedgerPool { pool in try await LedgerRebuilder(pool: pool).rebuild() })
        case "bench":
            exit(await LedgerBench.run(arguments: Array(arguments.dropFirst())))
        default:
            FileHandle.standardError.write(Data("usage: horde-ledger [verify | rebuild | bench [options]]\n".utf8))
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
        await withLedgerPool(env: env) { pool in try await LedgerVerifier(pool: pool).verify() }
    }

    /// Connects and migrates, runs `body`, prints its report; exit status 0 only when the report is ok.
    static func withLedgerPool(
        env: Environment = .init(), _ body: @Sendable (PostgresPool) async throws -> LedgerVerifier.Report
    ) async -> Int32 {
        let logger = Logger(label: "ledger.tool")
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
            let report = try await body(pool)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            await pool.close()
            return report.ok ? 0 : 1
        } catch {
            logger.error("ledger command failed", ["error": "\(error)"])
            await pool.close()
            return 1
        }
    }
}
