import HordeCore
import Postgres
import Testing

@Suite struct PostgresConfigTests {
    @Test func defaultsMatchTheLocalStack() throws {
        let config = try PostgresConfig.fromEnvironment(Environment([:]))
        #expect(config.url == "postgresql://horde@127.0.0.1:5432/horde")
        #expect(config.maxConnections == 10)
        #expect(config.minConnections == 1)
        #expect(config.connectTimeout == .seconds(5))
        #expect(config.statementTimeout == .seconds(30))
        #expect(config.idleTimeout == .seconds(60))
        #expect(config.preparedStatements == 256)
    }

    @Test func readsTheEnvironment() throws {
        let config = try PostgresConfig.fromEnvironment(
            Environment([
                "HORDE_POSTGRES_URL": "postgresql://ledger:pw@db.internal:6432/horde?sslmode=require",
                "HORDE_POSTGRES_POOL_SIZE": "20", "HORDE_POSTGRES_MIN_CONNECTIONS": "2",
                "HORDE_POSTGRES_STATEMENT_TIMEOUT": "1500ms", "HORDE_POSTGRES_IDLE_TIMEOUT": "5m",
                "HORDE_POSTGRES_APPLICATION_NAME": "ledger", "HORDE_POSTGRES_PREPARED_STATEMENTS": "0",
            ]))
        #expect(config.url.hasPrefix("postgresql://ledger:pw@db.internal:6432"))
        #expect(config.maxConnections == 20)
        #expect(config.minConnections == 2)
        #expect(config.statementTimeout == .milliseconds(1500))
        #expect(config.idleTimeout == .seconds(300))
        #expect(config.applicationName == "ledger")
        #expect(config.preparedStatements == 0)
    }

    @Test func rejectsUnusableValuesWithoutEchoingTheURL() {
        #expect(throws: ConfigError.self) {
            try PostgresConfig.fromEnvironment(Environment(["HORDE_POSTGRES_POOL_SIZE": "many"]))
        }
        #expect(throws: PostgresError.self) {
            try PostgresConfig.fromEnvironment(Environment(["HORDE_POSTGRES_POOL_SIZE": "0"]))
        }
        #expect(throws: PostgresError.self) {
            try PostgresConfig.fromEnvironment(Environment(["HORDE_POSTGRES_PREPARED_STATEMENTS": "-1"]))
        }
        #expect(throws: PostgresError.self) {
            try PostgresConfig.fromEnvironment(
                Environment(["HORDE_POSTGRES_POOL_SIZE": "2", "HORDE_POSTGRES_MIN_CONNECTIONS": "3"]))
        }
        do {
            _ = try PostgresConfig.fromEnvironment(
                Environment(["HORDE_POSTGRES_URL": "postgresql://u:s3cret@h/db?no_such_option=1"]))
            Issue.record("an invalid URL was accepted")
        } catch {
            #expect(!"\(error)".contains("s3cret"))
            #expect(!String(reflecting: error).contains("s3cret"))
        }
    }
}

@Suite struct PostgresErrorTests {
    @Test func descriptionIsGenericAndDebugDescriptionHasTheDetail() {
        let error = PostgresError(
            .server, message: "duplicate key value violates unique constraint \"users_email_key\"",
            sqlState: "23505", detail: "Key (email)=(alice@example.com) already exists.",
            query: "INSERT INTO users (email) VALUES ($1)")
        #expect(error.isUniqueViolation)
        #expect(!error.isSerializationFailure)
        #expect("\(error)" == "PostgresError.server (SQLSTATE 23505)")
        #expect(String(reflecting: error).contains("alice@example.com"))
        #expect(String(reflecting: error).contains("INSERT INTO users"))
    }

    @Test func classifiesRetryableFailures() {
        #expect(PostgresError(.server, message: "", sqlState: "40001").isRetryableTransactionFailure)
        #expect(PostgresError(.server, message: "", sqlState: "40P01").isRetryableTransactionFailure)
        #expect(!PostgresError(.server, message: "", sqlState: "23505").isRetryableTransactionFailure)
        #expect(PostgresError(.server, message: "", sqlState: "57014").isQueryCanceled)
        #expect(PostgresError(.connectionLost, message: "").isConnectionFailure)
    }
}
