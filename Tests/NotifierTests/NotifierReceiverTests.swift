import Foundation
import Messages
import Testing

@testable import HTTP
@testable import Notifier

extension NotifierIntegrationTests {
    @Test func redirectsAreNotFollowed() async throws {
        let world = try await World.make()
        let target = try await WebhookReceiver { _ in 200 }
        let redirecting = try await WebhookReceiver(responding: { _ in
            var headers = HTTPHeaders()
            headers.add("Location", target.url)
            return HTTPResponse(status: 302, headers: headers)
        })
        let (job, request) = (UUID(), UUID())
        try await world.storeGeneration(job: job, request: request, kind: .image, result: "AA==")
        let notifier = world.startNotifier(extra: ["HORDE_NOTIFIER_BACKOFF_BASE": "50ms"])
        try await publishCompleted(job: job, request: request, webhook: redirecting.url, kudos: 1)

        #expect(try await world.finalState(job) == ("dead", 3))
        #expect(try await world.attempts(job).map(\.status) == [302, 302, 302])
        #expect(redirecting.received.count == 3)
        #expect(target.received.isEmpty)

        notifier.cancel()
        _ = await notifier.value
        await redirecting.close()
        await target.close()
        await world.tearDown()
    }

    @Test func slowReceiverWithinTheTimeoutIsDeliveredOnce() async throws {
        let world = try await World.make()
        let receiver = try await WebhookReceiver { _ in
            try? await Task.sleep(for: .milliseconds(600))
            return 200
        }
        let (job, request) = (UUID(), UUID())
        try await world.storeGeneration(job: job, request: request, kind: .image, result: "AA==")
        let notifier = world.startNotifier()
        try await publishCompleted(job: job, request: request, webhook: receiver.url, kudos: 1)

        #expect(try await world.finalState(job) == ("delivered", 1))
        try await Task.sleep(for: .seconds(1))
        #expect(receiver.received.count == 1)

        notifier.cancel()
        _ = await notifier.value
        await receiver.close()
        await world.tearDown()
    }

    @Test func hangingReceiverHoldsOnlyItsOwnSlots() async throws {
        let world = try await World.make()
        let hanging = try await WebhookReceiver { _ in
            try? await Task.sleep(for: .seconds(60))
            return 200
        }
        let fast = try await WebhookReceiver { _ in 200 }
        let toHanging = (0..<12).map { _ in (job: UUID(), request: UUID(), webhook: hanging.url) }
        let toFast = (0..<20).map { _ in (job: UUID(), request: UUID(), webhook: fast.url) }
        for item in toHanging + toFast {
            try await world.storeGeneration(job: item.job, request: item.request, kind: .image, result: "AA==")
        }
        // Eight slots in all, two per receiver; attempts to the hanging receiver last the full 10 s timeout.
        let notifier = world.startNotifier(extra: [
            "HORDE_NOTIFIER_CONCURRENCY": "8", "HORDE_NOTIFIER_PER_HOST_CONCURRENCY": "2",
            "HORDE_NOTIFIER_TIMEOUT": "10s", "HORDE_NOTIFIER_LEASE": "30s",
        ])
        // The hanging receiver's deliveries arrive first and would take every slot without the per-host limit.
        try await publishCompleted(toHanging + toFast)

        for item in toFast { #expect(try await world.finalState(item.job, timeout: .seconds(30)).state == "delivered") }
        // All of them while the hanging receiver still holds its first two requests (no attempt to it ended).
        #expect(hanging.peakInFlight <= 2)
        #expect(hanging.received.count <= 2)
        #expect(fast.received.count == 20)

        notifier.cancel()
        _ = await notifier.value
        await hanging.close()
        await fast.close()
        await world.tearDown()
    }

    /// The `horde-notifier` binary the test build produced, next to the test bundle.
    static var notifierBinary: URL? {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("horde-notifier")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    private func launchNotifier(_ world: World, extra: [String: String]) throws -> Process {
        let process = Process()
        let binary: URL = try #require(Self.notifierBinary, "build the horde-notifier product first")
        process.executableURL = binary
        var environment = ProcessInfo.processInfo.environment
        environment.merge(
            NotifierTestStack.environmentValues(
                database: world.database, group: world.group, allowLoopback: true, extra: extra)
        ) { _, new in new }
        environment["HORDE_LOG_LEVEL"] = "warning"
        process.environment = environment
        // Not the test runner's pipes: a process left behind would keep them open and hold the runner.
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func killedMidRetryResumesTheScheduleAndNeverResendsASuccess() async throws {
        let world = try await World.make()
        let receiver = try await WebhookReceiver { number in number <= 2 ? 503 : 200 }
        let (job, request) = (UUID(), UUID())
        try await world.storeGeneration(job: job, request: request, kind: .image, result: "AA==")
        // The retry after the first failure is due 1.5–3 s later (jitter floor raised by a 3 s base and ceiling).
        // Its own topic namespace: the topics this process's earlier suites used carry events for generations
        // stored in their own databases, which a notifier on this database waits for and never finds.
        let namespace = "kill\(UUID().uuidString.prefix(8).lowercased())."
        let events = TopicDescriptor(name: namespace + "horde.request-events", partitions: Topics.requestEvents.partitions)
        let settings = [
            "HORDE_NOTIFIER_BACKOFF_BASE": "3s", "HORDE_NOTIFIER_BACKOFF_MAX": "3s",
            "HORDE_NOTIFIER_TIMEOUT": "2s", "HORDE_NOTIFIER_LEASE": "4s",
            "HORDE_TOPIC_PREFIX": Topics.prefix + namespace,
        ]
        let launched = Locked<[Process]>([])
        defer { for process in launched.value where process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let first = try launchNotifier(world, extra: settings)
        launched.withLock { $0.append(first) }
        try await publishCompleted(job: job, request: request, webhook: receiver.url, kudos: 1, topic: events)
        try await NotifierTestStack.waitUntil(timeout: .seconds(60)) { receiver.received.count >= 1 }
        try await NotifierTestStack.waitUntil { try await world.delivery(job)?.attempts == 1 }
        let scheduled = try #require(
            try await world.pool.query("SELECT next_attempt_at FROM notifier.deliveries WHERE id = \(job)").first?
                .decode("next_attempt_at", as: Date.self))
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(try await world.delivery(job) ?? ("missing", -1) == ("pending", 1))

        let second = try launchNotifier(world, extra: settings)
        launched.withLock { $0.append(second) }
        let final = try await world.finalState(job, timeout: .seconds(60))
        #expect(final == ("delivered", 3))
        #expect(receiver.received.count == 3)
        // The restarted notifier kept the schedule: the second attempt was not sent before it was due.
        let secondAttemptAt = try #require(
            try await world.pool.query(
                "SELECT attempted_at FROM notifier.attempts WHERE delivery_id = \(job) AND attempt = 2"
            ).first?.decode("attempted_at", as: Date.self))
        #expect(secondAttemptAt >= scheduled.addingTimeInterval(-0.05))

        // Killed again after the success, and replaced: the delivered webhook is not sent again.
        kill(second.processIdentifier, SIGKILL)
        second.waitUntilExit()
        let third = try launchNotifier(world, extra: settings)
        launched.withLock { $0.append(third) }
        try await Task.sleep(for: .seconds(6))
        #expect(receiver.received.count == 3)
        #expect(try await world.delivery(job) ?? ("missing", -1) == ("delivered", 3))
        kill(third.processIdentifier, SIGKILL)
        third.waitUntilExit()

        await receiver.close()
        await world.tearDown()
    }
}

@Suite("URLSession transport redirects", .serialized, .enabled(if: NotifierTestStack.enabled))
struct URLSessionRedirectTests {
    /// The `https://` path goes through `URLSession`; driven here with a plain-http URL so a loopback
    /// receiver can answer, it must hand back the 3xx instead of following it.
    @Test func urlSessionPathReturnsTheRedirectUnfollowed() async throws {
        let target = try await WebhookReceiver { _ in 200 }
        let redirecting = try await WebhookReceiver(responding: { _ in
            var headers = HTTPHeaders()
            headers.add("Location", target.url)
            return HTTPResponse(status: 307, headers: headers)
        })
        let response = try await URLSessionTransport.send(
            .POST, redirecting.url, headers: HTTPHeaders(), body: Array("{}".utf8), timeout: .seconds(5),
            maxResponseBytes: 1024)
        #expect(response.status == 307)
        #expect(redirecting.received.count == 1)
        #expect(target.received.isEmpty)
        await redirecting.close()
        await target.close()
    }
}
