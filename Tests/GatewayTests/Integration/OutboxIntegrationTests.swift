import Foundation
import HTTP
import HordeCore
import Kafka
import Messages
import Postgres
import ServiceKit
import Testing

@testable import Gateway

/// The gateway's outbox: events committed with their change reach Kafka after COMMIT, acknowledged ones are
/// deleted, and the sweep sends again whatever a lost send left behind.
@Suite("Gateway outbox", .enabled(if: integrationEnabled), .serialized)
struct OutboxIntegrationTests {
    /// Rows count as lost after 200 ms; the background sweep stays out of the way, the tests sweep themselves.
    static func settings(_ config: inout GatewayConfig) {
        config.outbox.republishAfter = .milliseconds(200)
        config.outbox.sweepInterval = .seconds(3600)
    }

    @Test func anAcceptedRequestReachesTheTopicAndItsOutboxRowIsDeleted() async throws {
        try await GatewayStack.with(Self.settings) { stack in
            let reader = try TopicReader<RequestCommand>(Topics.requests, kafka: stack.kafka, logger: stack.logger)
            let (status, body) = await stack.call(
                .POST, "/api/v2/generate/text/async", json: #"{"prompt": "Once upon a time"}"#, apiKey: "0000000000")
            #expect(status == 202)
            let id = try #require(body["id"]?.stringValue.flatMap(UUID.init(uuidString:)))
            let envelope = try #require(await reader.first { $0.payload.requestId == id })
            await reader.close()
            #expect(envelope.id == id)
            #expect(envelope.type == "request.created")
            #expect(try await stack.eventually { try await !stack.outboxHolds(id) }, "acknowledged rows are deleted")
        }
    }

    @Test func aSubmitsJobSubmittedReachesTheTopicAndItsOutboxRowIsDeleted() async throws {
        try await GatewayStack.with(Self.settings) { stack in
            let reader = try TopicReader<SubmissionMessage>(Topics.submissions, kafka: stack.kafka, logger: stack.logger)
            let owner = try await stack.createUser("owner")
            let request = try await stack.insertRequest(userId: owner.id, kudos: 3)
            let job = try await stack.insertJob(request: request, ownerId: owner.id)
            let (status, body) = await stack.call(
                .POST, "/api/v2/generate/submit",
                json: #"{"id": "\#(job.uuidString)", "generation": "\#(GatewayStack.pngBase64)", "seed": 1}"#,
                apiKey: owner.apiKey)
            #expect(status == 200)
            #expect(body["reward"] == 3)
            let envelope = try #require(await reader.first {
                if case .submitted(let submitted) = $0.payload { return submitted.jobId == job }
                return false
            })
            await reader.close()
            #expect(envelope.id == job)
            guard case .submitted(let submitted) = envelope.payload else { return }
            #expect(submitted.requestId == request)
            #expect(try await stack.eventually { try await !stack.outboxHolds(job) }, "acknowledged rows are deleted")
        }
    }

    @Test func aRowLeftBehindIsSentAgainByTheSweepOnceOldEnoughThenDeleted() async throws {
        try await GatewayStack.with(Self.settings) { stack in
            let reader = try TopicReader<RequestCommand>(Topics.requests, kafka: stack.kafka, logger: stack.logger)
            let requestId = UUID()
            let event = try OutboxEvent(
                Topics.requests, key: requestId.apiString,
                RequestCommand.cancelled(RequestCancelled(requestId: requestId, kind: .image, cancelledAt: Date())),
                eventId: UUID())
            try await stack.pool.execute(OutboxRelay.table.insertStatement(event))

            #expect(try await stack.context.outbox.sweep() == 0, "a row younger than republishAfter may still be acked")
            #expect(try await stack.outboxHolds(event.id))

            try await Task.sleep(for: .milliseconds(300))
            #expect(try await stack.context.outbox.sweep() == 1)
            #expect(try await !stack.outboxHolds(event.id))
            let envelope = try #require(await reader.first { $0.id == event.id })
            await reader.close()
            #expect(envelope.payload.requestId == requestId)
            #expect(envelope.type == "request.cancelled")
        }
    }

    @Test func aRequestWhoseSendFailedIsAcceptedAndDeliveredByTheSweep() async throws {
        try await GatewayStack.with(Self.settings) { stack in
            let reader = try TopicReader<RequestCommand>(Topics.requests, kafka: stack.kafka, logger: stack.logger)
            var unreachable = KafkaConfig(brokers: "127.0.0.1:1", clientId: "gateway-it-down")
            unreachable.additional = ["message.timeout.ms": "1500"]
            let deadProducer = try KafkaProducer(config: unreachable, logger: stack.logger)
            let brokerDown = GatewayContext(
                config: stack.context.config, instanceId: "gw-it-down", logger: stack.logger, pool: stack.pool,
                redis: stack.redis, publisher: EventPublisher(producer: deadProducer))
            let handler = GatewayRoutes.router(brokerDown, readiness: Readiness()).handler()
            let response = await handler(
                HTTPRequest(
                    method: .POST, target: "/api/v2/generate/text/async",
                    headers: ["apikey": "0000000000", "Content-Type": "application/json"],
                    body: Array(#"{"prompt": "Once upon a time"}"#.utf8)))
            #expect(response.status == 202, "the client's answer does not wait for the broker")
            let body = try JSONDecoder().decode(JSONValue.self, from: Data(response.body))
            let id = try #require(body["id"]?.stringValue.flatMap(UUID.init(uuidString:)))
            #expect(try await stack.count("gateway.requests") == 1)

            try await Task.sleep(for: .milliseconds(300))
            #expect(brokerDown.outbox.isSending(id))
            #expect(
                try await brokerDown.outbox.sweep() == 0, "an event still waiting for the broker is not sent again")
            #expect(try await stack.eventually { !brokerDown.outbox.isSending(id) }, "the send fails in time")
            #expect(try await stack.outboxHolds(id), "a failed send leaves the row for the sweep")
            await deadProducer.close(flushTimeout: .milliseconds(100))

            #expect(try await stack.context.outbox.sweep() == 1)
            let envelope = try #require(await reader.first { $0.payload.requestId == id })
            await reader.close()
            #expect(envelope.id == id)
            #expect(envelope.type == "request.created")
            #expect(try await !stack.outboxHolds(id))
        }
    }

    @Test func finishingWaitsForTheSendsInFlightAndDeletesTheirRows() async throws {
        try await GatewayStack.with(Self.settings) { stack in
            // A relay whose periodic deletes never run: only `finish()` can empty the table.
            let relay = OutboxRelay(
                pool: stack.pool, publisher: EventPublisher(producer: stack.producer), config: stack.context.config.outbox,
                logger: stack.logger)
            let events = try (0..<20).map { index in
                let submitted = JobSubmitted(
                    jobId: UUID(), requestId: UUID(), workerId: UUID(), outcome: .ok, seed: "\(index)", tokens: nil,
                    submittedAt: Date())
                return try OutboxEvent(
                    Topics.submissions, key: submitted.requestId.apiString, SubmissionMessage.submitted(submitted),
                    eventId: submitted.jobId)
            }
            try await stack.pool.withTransaction { connection in
                try await OutboxRelay.table.insert(events, connection)
            }
            relay.send(events)
            await relay.finish()
            for event in events { #expect(try await !stack.outboxHolds(event.id)) }
        }
    }

    @Test func onlyOneReplicaSweepsAtATime() async throws {
        try await GatewayStack.with(Self.settings) { stack in
            let relay = stack.context.outbox
            let swept = try await stack.pool.withTransaction { connection in
                try await connection.execute(
                    "SELECT pg_advisory_xact_lock(hashtextextended(\(OutboxRelay.table.name), 0))")
                return try await relay.sweep()
            }
            #expect(swept == nil, "another replica holds the sweep")
            #expect(try await relay.sweep() == 0)
        }
    }
}

extension GatewayStack {
    /// Whether `gateway.outbox` holds the event `id`.
    func outboxHolds(_ id: UUID) async throws -> Bool {
        try await pool.query("SELECT 1 FROM gateway.outbox WHERE event_id = \(id)").count == 1
    }

    /// Polls `condition` every 20 ms for up to `timeout`; true once it held.
    func eventually(timeout: Duration = .seconds(5), _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}
