import Testing

/// Every suite that needs PostgreSQL nests here, so they run one after another (the latency figures are not
/// disturbed by the other suites) and are skipped together unless `HORDE_IT` is set.
@Suite("PostgreSQL integration", .enabled(if: TestPostgres.enabled), .serialized, .timeLimit(.minutes(5)))
struct PostgresIntegrationTests {}
