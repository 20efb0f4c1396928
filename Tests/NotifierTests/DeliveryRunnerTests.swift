import Foundation
import HordeCore
import Messages
import Synchronization
import Testing

@testable import Notifier

/// Answers webhook posts from a script of statuses (nil = no response) and records them.
private final class ScriptedSender: WebhookSender {
    let script: Mutex<[Int?]>
    let posts = Mutex<[(url: String, body: [UInt8], headers: [(String, String)])]>([])
    init(_ script: [Int?]) { self.script = Mutex(script) }
    struct NoResponse: Error {}
    func post(url: String, body: [UInt8], headers: [(String, String)], timeout: Duration) async throws -> Int {
        posts.withLock { $0.append((url, body, headers)) }
        let next = script.withLock { $0.isEmpty ? 200 : $0.removeFirst() }
        guard let status = next else { throw NoResponse() }
        return status
    }
    var count: Int { posts.withLock { $0.count } }
}

private struct FixedResolver: HostResolver {
    var answers: [String: [String]]
    func addresses(of host: String, port: Int) async throws -> [String] {
        guard let found = answers[host] else { throw URLError(.cannotFindHost) }
        return found
    }
}

@Suite("Delivery attempts")
struct DeliveryRunnerTests {
    let store = MemoryDeliveryStore()
    let outcomes = Locked<[DeliveryOutcome]>([])

    private func runner(_ sender: ScriptedSender, allowLocal: Bool = false) -> DeliveryRunner {
        let outcomes = self.outcomes
        return DeliveryRunner(
            store: store, sender: sender,
            resolver: FixedResolver(answers: ["hooks.example": ["93.184.216.34"], "inside.example": ["10.0.0.7"]]),
            policy: WebhookURLPolicy(allowLocalNetworks: allowLocal),
            announce: { outcome in outcomes.withLock { $0.append(outcome) } },
            logger: Logger(label: "test", level: .critical))
    }

    private func pending(url: String = "https://hooks.example/h") async throws -> Delivery {
        let delivery = Delivery(id: UUID(), requestId: UUID(), kind: .text, url: url, kudos: 4)
        _ = try await store.insert(delivery)
        store.generations.withLock {
            $0[delivery.id] = GenerationRecord(
                jobId: delivery.id, requestId: delivery.requestId, kind: .text, workerId: UUID(), workerName: "w",
                model: "m", seed: "1", state: "ok", result: "hello", genMetadata: [])
        }
        return delivery
    }

    @Test func firstSuccessEndsTheDelivery() async throws {
        let sender = ScriptedSender([500, 204])
        let delivery = try await pending()
        await runner(sender).run(delivery)
        let row = try #require(store.row(delivery.id))
        #expect(row.delivery.state == .delivered)
        #expect(row.attempts.map(\.status) == [500, 204])
        #expect(row.published)
        #expect(sender.count == 2)
        let outcome = try #require(outcomes.withLock { $0.first })
        #expect(outcome.delivered && outcome.attempts == 2 && outcome.lastStatus == 204)
        let headers = try #require(sender.posts.withLock { $0.first?.headers })
        #expect(headers.contains { $0 == ("X-Horde-Delivery", delivery.id.uuidString.lowercased()) })
        #expect(headers.contains { $0 == ("Content-Type", "application/json") })
    }

    @Test func threeFailuresFailTheDelivery() async throws {
        let sender = ScriptedSender([500, nil, 404, 200])
        let delivery = try await pending()
        await runner(sender).run(delivery)
        let row = try #require(store.row(delivery.id))
        #expect(row.delivery.state == .dead)
        #expect(row.attempts.count == 3)
        #expect(sender.count == 3)
        #expect(outcomes.withLock { $0.first?.delivered } == false)
    }

    @Test func twoHundredsSucceedAndRedirectsAreFailedAttempts() async throws {
        let delivery = try await pending()
        await runner(ScriptedSender([204])).run(delivery)
        #expect(store.row(delivery.id)?.delivery.state == .delivered)

        // A redirect is not followed, so the payload did not arrive: the attempt failed.
        let redirected = try await pending()
        await runner(ScriptedSender([302, 301, 307])).run(redirected)
        #expect(store.row(redirected.id)?.delivery.state == .dead)
        #expect(store.row(redirected.id)?.attempts.map(\.error) == ["HTTP 302", "HTTP 301", "HTTP 307"])
    }

    @Test func failedAttemptWithBackoffSchedulesTheRetryAndReleasesTheDelivery() async throws {
        let delivery = try await pending()
        let scheduled = Locked<[Duration]>([])
        var runner = runner(ScriptedSender([500]))
        runner.backoff = RetryBackoff(baseDelay: .seconds(2), maxDelay: .seconds(60))
        runner.retryScheduled = { delay in scheduled.withLock { $0.append(delay) } }
        await runner.run(delivery)
        let row = try #require(store.row(delivery.id))
        #expect(row.delivery.state == .pending)
        #expect(row.attempts.map(\.status) == [500])
        #expect(!row.leaseHeld)
        let delay = try #require(row.retryAfter.first ?? nil)
        #expect(delay > .zero && delay <= .seconds(2))
        #expect(scheduled.value == [delay])

        // Claimed again when due, the delivery makes its second attempt, which succeeds.
        let claimed = try await store.claimAbandoned(limit: 10)
        #expect(claimed.map(\.id) == [delivery.id])
        await runner.run(try #require(claimed.first))
        #expect(store.row(delivery.id)?.delivery.state == .delivered)
        #expect(store.row(delivery.id)?.attempts.count == 2)
    }

    @Test func lastAttemptSchedulesNothingAndLeavesADeadLetter() async throws {
        var delivery = try await pending()
        delivery.attempts = 2
        store.rows.withLock { $0[delivery.id]?.delivery.attempts = 2 }
        var runner = runner(ScriptedSender([500]))
        runner.backoff = RetryBackoff(baseDelay: .seconds(2), maxDelay: .seconds(60))
        await runner.run(delivery)
        let row = try #require(store.row(delivery.id))
        #expect(row.delivery.state == .dead)
        #expect(row.retryAfter == [nil])
        #expect(row.published)
    }

    @Test func resumedDeliveryMakesOnlyTheAttemptsLeft() async throws {
        var delivery = try await pending()
        delivery.attempts = 2
        store.rows.withLock { $0[delivery.id]?.delivery.attempts = 2 }
        let sender = ScriptedSender([503])
        await runner(sender).run(delivery)
        #expect(sender.count == 1)
        #expect(store.row(delivery.id)?.delivery.state == .dead)
    }

    @Test func insideAddressesAreRefusedWithoutAnyAttempt() async throws {
        let sender = ScriptedSender([])
        let delivery = try await pending(url: "https://inside.example/h")
        await runner(sender).run(delivery)
        #expect(store.row(delivery.id)?.delivery.state == .refused)
        #expect(sender.count == 0)
        #expect(outcomes.withLock { $0.first?.attempts } == 0)

        let allowed = try await pending(url: "https://inside.example/h")
        await runner(sender, allowLocal: true).run(allowed)
        #expect(store.row(allowed.id)?.delivery.state == .delivered)
    }

    @Test func plainHTTPGoesToTheCheckedAddressWithTheNameAsHost() async throws {
        let sender = ScriptedSender([204])
        let delivery = try await pending(url: "http://hooks.example:8080/in?x=1")
        await runner(sender).run(delivery)
        #expect(store.row(delivery.id)?.delivery.state == .delivered)
        let post = try #require(sender.posts.withLock { $0.first })
        #expect(post.url == "http://93.184.216.34:8080/in?x=1")
        #expect(post.headers.first { $0.0 == "Host" }?.1 == "hooks.example:8080")

        let tls = try await pending(url: "https://hooks.example/h")
        await runner(sender).run(tls)
        #expect(sender.posts.withLock { $0.last?.url } == "https://hooks.example/h", "https keeps the name for TLS")
    }

    @Test func pinnedURLsBracketIPv6AndKeepDefaultPortsOutOfHost() throws {
        let target = WebhookURLPolicy.Target(url: "http://hooks.example/a%20b", scheme: "http", host: "hooks.example", port: 80)
        let pinned = try #require(DeliveryRunner.pinned(target, to: ["2606:4700::1"]))
        #expect(pinned.url == "http://[2606:4700:0:0:0:0:0:1]:80/a%20b")
        #expect(pinned.host == "hooks.example")
    }

    @Test func badSchemesAreRefused() async throws {
        let sender = ScriptedSender([])
        let delivery = try await pending(url: "file:///etc/passwd")
        await runner(sender).run(delivery)
        #expect(store.row(delivery.id)?.delivery.state == .refused)
        #expect(sender.count == 0)
    }

    @Test func unknownNamesFailAsAttemptsNotRefusals() async throws {
        let sender = ScriptedSender([nil, nil, nil])
        let delivery = try await pending(url: "https://nowhere.example/h")
        await runner(sender).run(delivery)
        #expect(store.row(delivery.id)?.delivery.state == .dead)
    }

    @Test func missingGenerationIsWaitedForThenFailsTheDelivery() async throws {
        let sender = ScriptedSender([])
        let young = Delivery(id: UUID(), requestId: UUID(), kind: .image, url: "https://hooks.example/h", kudos: 1)
        _ = try await store.insert(young)
        await runner(sender).run(young)
        #expect(store.row(young.id)?.delivery.state == .pending)
        let old = Delivery(
            id: UUID(), requestId: UUID(), kind: .image, url: "https://hooks.example/h", kudos: 1,
            createdAt: Date().addingTimeInterval(-3600))
        _ = try await store.insert(old)
        await runner(sender).run(old)
        #expect(store.row(old.id)?.delivery.state == .failed)
        #expect(sender.count == 0)
    }

    @Test func lostLeaseStopsTheRun() async throws {
        let delivery = try await pending()
        store.rows.withLock { $0[delivery.id]?.leaseHeld = false }
        let sender = ScriptedSender([])
        await runner(sender).run(delivery)
        #expect(sender.count == 0)
        #expect(store.row(delivery.id)?.delivery.state == .pending)
    }

    @Test func queueRunsEachDeliveryOnceAndBoundsConcurrency() async throws {
        let queue = DeliveryQueue(capacity: 16)
        let running = Locked((now: 0, peak: 0, seen: [UUID]()))
        let deliveries = (0..<6).map { _ in Delivery(id: UUID(), requestId: UUID(), kind: .text, url: "u", kudos: 0) }
        for delivery in deliveries { #expect(queue.enqueue(delivery)) }
        #expect(!queue.enqueue(deliveries[0]))
        let task = Task {
            await queue.run(concurrency: 2) { delivery in
                running.withLock {
                    $0.now += 1
                    $0.peak = max($0.peak, $0.now)
                    $0.seen.append(delivery.id)
                }
                try? await Task.sleep(for: .milliseconds(20))
                running.withLock { $0.now -= 1 }
            }
        }
        for _ in 0..<300 where running.withLock({ $0.seen.count }) < 6 { try await Task.sleep(for: .milliseconds(10)) }
        task.cancel()
        await task.value
        #expect(Set(running.withLock { $0.seen }) == Set(deliveries.map(\.id)))
        #expect(running.withLock { $0.peak } <= 2)
        #expect(running.withLock { $0.seen.count } == 6)
    }
}

@Suite("Delivery queue per-host limit")
struct DeliveryQueueHostLimitTests {
    @Test func hangingHostHoldsOnlyItsShareOfTheSlots() async throws {
        let queue = DeliveryQueue()
        let seen = Locked<[String]>([])
        let slow = (0..<10).map { _ in Delivery(id: UUID(), requestId: UUID(), kind: .text, url: "http://slow.example/h", kudos: 0) }
        let quick = (0..<10).map { _ in Delivery(id: UUID(), requestId: UUID(), kind: .text, url: "http://quick.example/h", kudos: 0) }
        for delivery in slow + quick { #expect(queue.enqueue(delivery)) }
        let task = Task {
            await queue.run(concurrency: 4, perHost: 2) { delivery in
                seen.withLock { $0.append(DeliveryQueue.hostKey(of: delivery.url)) }
                if delivery.url.contains("slow") { try? await Task.sleep(for: .seconds(30)) }
            }
        }
        for _ in 0..<300 where seen.value.filter({ $0 == "quick.example:80" }).count < 10 {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(seen.value.filter { $0 == "quick.example:80" }.count == 10)
        #expect(seen.value.filter { $0 == "slow.example:80" }.count == 2)
        task.cancel()
        await task.value
    }

    @Test func hostKeysIncludeThePort() {
        #expect(DeliveryQueue.hostKey(of: "https://Hooks.Example/x") == "hooks.example:443")
        #expect(DeliveryQueue.hostKey(of: "http://127.0.0.1:8080/x") == "127.0.0.1:8080")
    }
}
