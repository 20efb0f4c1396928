import HordeCore

extension PostgresPool: Service {
    /// `postgres.<applicationName>`, for the service group's logs.
    package nonisolated var name: String { "postgres.\(config.applicationName)" }

    /// Waits for graceful shutdown (or cancellation), then closes the pool. Add the pool to a `ServiceGroup`
    /// before the services that use it, so it closes after them (groups stop services in reverse start order).
    package nonisolated func run() async throws {
        await gracefulShutdownTriggered()
        await close()
    }
}
