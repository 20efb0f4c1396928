import Foundation
import HTTP
import HordeCore
import Kafka
import Messages
import Postgres
import ServiceKit
import Testing

@testable import Notifier

@Suite(
    "Notifier against real receivers", .serialized, .enabled(if: NotifierTestStack.enabled),
    .timeLimit(.minutes(5)))
struct NotifierIntegrationTests {
    init() { NotifierTestStack.isolateTopics }

    /// One test's world: a fresh database, a pool on it and a consumer group for the notifier.
    struct World {
        let database: String
        let pool: PostgresPool
        let group = NotifierTestStack.unique("notifier-it")

        static func make() async throws -> World {
            let database = try await NotifierTestStack.createDatabase()
            return World(
                database: database,
                pool: PostgresPool(config: PostgresConfig(url: NotifierTestStack.url(database: database)), logger: NotifierTestStack.logger))
        }

        func tearDown() async {
            await pool.close()
            await NotifierTestStack.dropDatabase(database)
        }

        func startNotifier(allowLoopback: Bool = true, extra: [String: String] = [:]) -> Task<Int32, Never> {
            let env = NotifierTestStack.environment(database: database, group: group, allowLoopback: allowLoopback, extra: extra)
            return Task { await NotifierMain.run(env: env) }
        }

        /// Stores a generation as the gateway does at submit time.
        func storeGeneration(job: UUID, request: UUID, kind: RequestKind, result: String) async throws {
            try await pool.execute(
                """
                INSERT INTO gateway.generations (job_id, request_id, kind, worker_id, worker_name, model, seed, state,
                    result, gen_metadata)
                VALUES (\(job), \(request), \(kind.rawValue), \(UUID()), 'it-worker', 'stable_diffusion', '42', 'ok',
                    \(result), '[]'::jsonb)
                """)
        }

        func delivery(_ id: UUID) async throws -> (state: String, attempts: Int)? {
            let rows: [PostgresRow]
            do {
                rows = try await pool.query("SELECT state, attempts FROM notifier.deliveries WHERE id = \(id)")
            } catch let error as PostgresError where error.sqlState == "42P01" {
                return nil  // the notifier has not migrated its schema yet
            }
            guard let row = rows.first else { return nil }
            return (try row.decode("state", as: String.self), try row.decode("attempts", as: Int.self))
        }

        func attempts(_ id: UUID) async throws -> [(status: Int?, error: String?)] {
            try await pool.query(
                "SELECT status, error FROM notifier.attempts WHERE delivery_id = \(id) ORDER BY attempt"
            ).map { (try $0.decode("status", as: Int?.self), try $0.decode("error", as: String?.self)) }
        }

        /// Waits until the delivery left `pending` and returns its final state.
        func finalState(_ id: UUID, timeout: Duration = .seconds(40)) async throws -> (state: String, attempts: Int) {
            var result: (state: String, attempts: Int)?
            try await NotifierTestStack.waitUntil(timeout: timeout) {
                result = try await delivery(id)
                return result.map { $0.state != "pending" } ?? false
            }
            return try #require(result)
        }
    }

    func publishCompleted(
        job: UUID, request: UUID, kind: RequestKind = .image, webhook: String, kudos: Double,
        topic: TopicDescriptor = Topics.requestEvents
    ) async throws {
        try await publishCompleted([(job, request, webhook)], kind: kind, kudos: kudos, topic: topic)
    }

    func publishCompleted(
        _ jobs: [(job: UUID, request: UUID, webhook: String)], kind: RequestKind = .image, kudos: Double = 1,
        topic: TopicDescriptor = Topics.requestEvents
    ) async throws {
        let producer = try KafkaProducer(
            config: KafkaConfig(brokers: NotifierTestStack.brokers, clientId: "notifier-it"), logger: NotifierTestStack.logger)
        // The notifier creates the topics at start-up; this may run first.
        try await KafkaAdmin.createTopics(
            Set(Topics.all + [topic]).map { TopicSpec(name: $0.name, partitions: $0.partitions) },
            config: KafkaConfig(brokers: NotifierTestStack.brokers), logger: NotifierTestStack.logger)
        let publisher = EventPublisher(producer: producer)
        for (job, request, webhook) in jobs {
            let completed = JobCompleted(
                jobId: job, requestId: request, kind: kind, requesterId: 5, workerId: UUID(), workerName: "it-worker",
                workerOwnerId: 6, model: "stable_diffusion", outcome: .ok, cost: kudos + 1, reward: kudos,
                rewardBeforeBridge: kudos, things: 1, seed: "42", webhook: webhook, completedAt: Date(), seconds: 1,
                requestDone: true)
            try await publisher.publish(
                topic, key: request.uuidString.lowercased(), RequestEvent.jobCompleted(completed))
        }
        await producer.close()
    }

    /// The outcome event announced for `delivery`.
    func outcome(of delivery: UUID) async throws -> DeliveryOutcome? {
        var config = KafkaConsumerConfig(
            kafka: KafkaConfig(brokers: NotifierTestStack.brokers, clientId: "notifier-it"),
            groupId: NotifierTestStack.unique("outcomes"), topics: [Topics.deliveryEvents.name])
        config.autoOffsetReset = "earliest"
        let consumer = try KafkaConsumer(config: config, logger: NotifierTestStack.logger)
        let found = await withTaskGroup(of: DeliveryOutcome?.self) { group -> DeliveryOutcome? in
            group.addTask {
                do {
                    for try await message in consumer.messages {
                        guard let envelope = try? WireCoding.decode(DeliveryEvent.self, from: message.value ?? []),
                            case .finished(let outcome) = envelope.payload, outcome.deliveryId == delivery
                        else { continue }
                        return outcome
                    }
                } catch {}
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(30))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        await consumer.close()
        return found
    }

    @Test func receiverFailingTwiceGetsTheThirdAttempt() async throws {
        let world = try await World.make()
        let receiver = try await WebhookReceiver { number in number <= 2 ? 500 : 200 }
        let (job, request) = (UUID(), UUID())
        try await world.storeGeneration(job: job, request: request, kind: .image, result: "iVBORw0KGgo=")
        let notifier = world.startNotifier(extra: ["HORDE_NOTIFIER_SIGNING_SECRET": "it-secret"])
        try await publishCompleted(job: job, request: request, webhook: receiver.url, kudos: 7.5)

        let final = try await world.finalState(job)
        #expect(final.state == "delivered")
        #expect(final.attempts == 3)
        #expect(try await world.attempts(job).map(\.status) == [500, 500, 200])
        let received = receiver.received
        #expect(received.count == 3)
        #expect(Set(received.map(\.body)).count == 1)
        #expect(received.map { $0.headers["X-Horde-Attempt"] } == ["1", "2", "3"])
        // Each attempt is signed over the exact bytes received.
        let verifier = try #require(WebhookSignature(secret: "it-secret"))
        #expect(received.allSatisfy { verifier.verify($0.headers["X-Horde-Signature"] ?? "", body: $0.body) })
        #expect(received.allSatisfy { $0.headers["X-Horde-Timestamp"].flatMap { Int($0) } != nil })
        let body = try #require(received.first?.json)
        #expect(body["id"] == .string(job.uuidString.lowercased()))
        #expect(body["request"] == .string(request.uuidString.lowercased()))
        #expect(body["img"] == "iVBORw0KGgo=")
        #expect(body["kudos"] == 7.5)
        #expect(body["censored"] == false)
        #expect(body["worker_name"] == "it-worker")
        #expect(body["seed"] == "42")
        let announced = try #require(try await outcome(of: job))
        #expect(announced.delivered && announced.attempts == 3 && announced.lastStatus == 200)

        // The operator's view on the admin routes: the delivery and its three attempts.
        var router = Router()
        NotifierAdmin.addDeliveryRoutes(to: &router, pool: world.pool)
        let byJob = await router.route(HTTPRequest(target: "/deliveries/\(job.uuidString.lowercased())"))
        #expect(byJob.status == 200)
        let history = try JSONDecoder().decode(JSONValue.self, from: Data(byJob.body))
        #expect(history["state"] == "delivered")
        #expect(history["attempts"] == 3)
        #expect(history["attempt_log"]?.arrayValue?.map { $0["status"] } == [500, 500, 200])
        let byRequest = await router.route(HTTPRequest(target: "/deliveries?request_id=\(request.uuidString)"))
        let listed = try JSONDecoder().decode(JSONValue.self, from: Data(byRequest.body))
        #expect(listed["deliveries"]?.arrayValue?.map { $0["id"] } == [.string(job.uuidString.lowercased())])
        #expect(await router.route(HTTPRequest(target: "/deliveries/\(UUID().uuidString)")).status == 404)
        #expect(await router.route(HTTPRequest(target: "/deliveries?request_id=nope")).status == 400)
        #expect(announced.requestId == request)

        notifier.cancel()
        _ = await notifier.value
        await receiver.close()
        await world.tearDown()
    }

    @Test func hangingReceiverUsesUpTheThreeAttempts() async throws {
        let world = try await World.make()
        let receiver = try await WebhookReceiver { _ in
            try? await Task.sleep(for: .seconds(4))
            return 200
        }
        let (job, request) = (UUID(), UUID())
        try await world.storeGeneration(job: job, request: request, kind: .text, result: " once upon a time")
        let notifier = world.startNotifier()
        let started = ContinuousClock.now
        try await publishCompleted(job: job, request: request, kind: .text, webhook: receiver.url, kudos: 1)

        let final = try await world.finalState(job)
        #expect(final.state == "dead")
        #expect(final.attempts == 3)
        let attempts = try await world.attempts(job)
        #expect(attempts.map(\.status) == [nil, nil, nil])
        #expect(attempts.allSatisfy { $0.error != nil })
        #expect(receiver.received.count == 3)
        // Three attempts of one second each (HORDE_NOTIFIER_TIMEOUT=1s), not the receiver's four.
        #expect(ContinuousClock.now - started >= .seconds(3))
        #expect(receiver.received.first?.json?["text"] == " once upon a time")
        let announced = try #require(try await outcome(of: job))
        #expect(!announced.delivered && announced.attempts == 3)

        notifier.cancel()
        _ = await notifier.value
        await receiver.close()
        await world.tearDown()
    }

    @Test func loopbackAndOtherSchemesAreRefusedInProductionMode() async throws {
        let world = try await World.make()
        let receiver = try await WebhookReceiver { _ in 200 }
        let loopback = (job: UUID(), request: UUID())
        let ftp = (job: UUID(), request: UUID())
        try await world.storeGeneration(job: loopback.job, request: loopback.request, kind: .image, result: "AA==")
        try await world.storeGeneration(job: ftp.job, request: ftp.request, kind: .image, result: "AA==")
        let notifier = world.startNotifier(allowLoopback: false)
        try await publishCompleted(
            job: loopback.job, request: loopback.request, webhook: "http://localhost:\(receiver.port)/hook", kudos: 1)
        try await publishCompleted(job: ftp.job, request: ftp.request, webhook: "ftp://example.com/hook", kudos: 1)

        #expect(try await world.finalState(loopback.job) == ("refused", 0))
        #expect(try await world.finalState(ftp.job) == ("refused", 0))
        #expect(receiver.received.isEmpty)
        let announced = try #require(try await outcome(of: loopback.job))
        #expect(!announced.delivered && announced.attempts == 0)

        notifier.cancel()
        _ = await notifier.value
        await receiver.close()
        await world.tearDown()
    }

    @Test func restartedNotifierResumesAPendingDelivery() async throws {
        let world = try await World.make()
        // The first request hangs past the attempt timeout; later ones succeed at once.
        let receiver = try await WebhookReceiver { number in
            if number == 1 { try? await Task.sleep(for: .seconds(30)) }
            return 200
        }
        let (job, request) = (UUID(), UUID())
        try await world.storeGeneration(job: job, request: request, kind: .image, result: "AA==")
        let settings = ["HORDE_NOTIFIER_TIMEOUT": "5s", "HORDE_NOTIFIER_LEASE": "6s"]
        let first = world.startNotifier(extra: settings)
        try await publishCompleted(job: job, request: request, webhook: receiver.url, kudos: 2)
        try await NotifierTestStack.waitUntil { receiver.received.count == 1 }

        // The process dies in the middle of its first attempt: nothing about that attempt was recorded.
        first.cancel()
        _ = await first.value
        #expect(try await world.delivery(job) ?? ("missing", -1) == ("pending", 0))

        let second = world.startNotifier(extra: settings)
        let final = try await world.finalState(job)
        #expect(final.state == "delivered")
        #expect(final.attempts == 1)
        let received = receiver.received
        #expect(received.count == 2)
        #expect(Set(received.map { $0.headers["X-Horde-Delivery"] }) == [job.uuidString.lowercased()])
        let announced = try #require(try await outcome(of: job))
        #expect(announced.delivered)

        second.cancel()
        _ = await second.value
        await receiver.close()
        await world.tearDown()
    }
}
