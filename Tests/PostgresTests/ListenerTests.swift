import Foundation
import Postgres
import Synchronization
import Testing

/// Collects a listener's events as they arrive, so the test can wait for them with a deadline.
private final class EventRecorder: Sendable {
    private let state = Mutex<(events: [PostgresListener.Event], finished: Bool)>(([], false))

    func record(_ event: PostgresListener.Event) { state.withLock { $0.events.append(event) } }
    func finish() { state.withLock { $0.finished = true } }

    var isFinished: Bool { state.withLock { $0.finished } }
    var connects: Int { state.withLock { $0.events.filter { $0 == .connected }.count } }
    /// Payloads of the notifications received, in order.
    var payloads: [String] {
        state.withLock { state in
            state.events.compactMap { event in
                if case .notification(let notification) = event { return notification.payload }
                return nil
            }
        }
    }
    var notifications: [PostgresNotification] {
        state.withLock { state in
            state.events.compactMap { event in
                if case .notification(let notification) = event { return notification }
                return nil
            }
        }
    }
}

extension PostgresIntegrationTests {
    @Suite("Listener") struct ListenerTests {
        @Test func receivesNotificationsAndListensAgainAfterAReconnect() async throws {
            // Upper case and a space: the channel must be quoted as an identifier, not folded or split.
            let channel = "Horde Test \(UUID().uuidString.prefix(8))"
            let config = TestPostgres.config("listener")
            let listener = try PostgresListener(config: config, channels: [channel], logger: TestPostgres.logger)
            let pool = TestPostgres.pool("listener-sender")
            let recorder = EventRecorder()
            let runner = Task { await listener.run() }
            let collector = Task {
                for await event in listener.events { recorder.record(event) }
                recorder.finish()
            }

            try await TestPostgres.waitUntil { recorder.connects == 1 }
            try await pool.notify(channel: channel, payload: "hello ü")
            try await pool.notify(channel: channel.lowercased(), payload: "other channel")
            try await pool.notify(channel: channel, payload: "")
            try await TestPostgres.waitUntil { recorder.payloads.count == 2 }
            #expect(recorder.payloads == ["hello ü", ""])
            #expect(recorder.notifications.allSatisfy { $0.channel == channel })

            let sessions = try await TestPostgres.sessions(of: config.applicationName, using: pool)
            #expect(sessions.count == 1)
            try await TestPostgres.terminate(sessions[0], using: pool)
            try await TestPostgres.waitUntil { recorder.connects == 2 }
            try await pool.notify(channel: channel, payload: "after reconnect")
            try await TestPostgres.waitUntil { recorder.payloads.count == 3 }
            #expect(recorder.payloads.last == "after reconnect")

            let tooLarge = String(repeating: "p", count: 8000)
            await #expect(throws: PostgresError.self) { try await pool.notify(channel: channel, payload: tooLarge) }

            runner.cancel()
            await runner.value
            await collector.value
            #expect(recorder.isFinished, "the stream finishes when the listener stops")
            try await TestPostgres.waitUntil {
                try await TestPostgres.sessions(of: config.applicationName, using: pool).isEmpty
            }
            await pool.close()
        }

        @Test func keepsRetryingWhileTheServerIsUnreachableAndStopsPromptly() async throws {
            let config = TestPostgres.config("listener-down") { $0.url = "postgresql://horde@127.0.0.1:1/horde" }
            let listener = try PostgresListener(config: config, channels: ["c"], logger: TestPostgres.logger)
            let runner = Task { await listener.run() }
            try await Task.sleep(for: .milliseconds(300))
            let elapsed = await TestPostgres.elapsed {
                listener.stop()
                await runner.value
            }
            #expect(elapsed < .seconds(1))
            var iterator = listener.events.makeAsyncIterator()
            #expect(await iterator.next() == nil, "never connected, and finished")
        }

        @Test func rejectsInvalidChannels() {
            #expect(throws: PostgresError.self) {
                try PostgresListener(config: TestPostgres.config("l"), channels: [], logger: TestPostgres.logger)
            }
            #expect(throws: PostgresError.self) {
                try PostgresListener(
                    config: TestPostgres.config("l"), channels: [String(repeating: "c", count: 64)],
                    logger: TestPostgres.logger)
            }
        }
    }
}
