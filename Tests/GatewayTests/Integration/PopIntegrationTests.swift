import Domain
import Foundation
import HordeCore
import Kafka
import Messages
import ServiceKit
import Testing

@testable import Gateway

@Suite("Pops over Kafka", .enabled(if: integrationEnabled), .serialized)
struct PopIntegrationTests {
    /// Plays the scheduler: answers pops of `workerName` with a one-job assignment.
    private func fakeScheduler(_ stack: GatewayStack, workerName: String, jobId: UUID) throws -> Task<Void, any Error> {
        let consumer = try KafkaConsumer(
            config: KafkaConsumerConfig(
                kafka: stack.kafka, groupId: "fake-scheduler-\(UUID().uuidString.prefix(8))", topics: [Topics.pops.name]),
            logger: stack.logger)
        let publisher = stack.context.publisher
        return Task {
            defer { Task { await consumer.close() } }
            for try await message in consumer.messages {
                guard let bytes = message.value, let envelope = try? WireCoding.decode(PopCommand.self, from: bytes),
                    case .pop(let pop) = envelope.payload, pop.worker.name == workerName
                else { continue }
                let assignment = JobAssignment(
                    requestId: UUID(), kind: pop.worker.kind, jobIds: [jobId], model: pop.worker.models[0],
                    payload: ["prompt": "a cat", "seed": 1234, "n_iter": 1, "softprompt": "sp"], ttlSeconds: 150)
                let reply = PopReply(popId: pop.popId, replyTo: pop.replyTo, workerId: pop.worker.workerId, assignment: assignment)
                try await publisher.publish(pop.replyTopic, key: pop.replyTo, Envelope(payload: PopReplyMessage.reply(reply)))
            }
        }
    }

    @Test func aPopIsAnsweredThroughTheScheduler() async throws {
        try await GatewayStack.with({ $0.popTimeout = .seconds(3) }) { stack in
            let owner = try await stack.createUser("ivy")
            let ready = ReadyFlag()
            let replies = PopReplyConsumer(
                kafka: stack.kafka, instanceId: stack.context.instanceId, router: stack.context.popReplies, ready: ready,
                logger: stack.logger)
            let consuming = Task { try await replies.run() }
            defer { consuming.cancel() }
            let deadline = ContinuousClock.now + .seconds(40)
            while !ready.isSet, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
            #expect(ready.isSet, "the reply consumer must be assigned before pops are admitted")

            let jobId = UUID()
            let scheduler = try fakeScheduler(stack, workerName: "it-image-worker", jobId: jobId)
            defer { scheduler.cancel() }
            var answer: JSONValue = .null
            // The fake scheduler's group joins in a few seconds; until then pops time out with "nothing to do".
            let popDeadline = ContinuousClock.now + .seconds(40)
            while answer["id"]?.stringValue == nil, ContinuousClock.now < popDeadline {
                let (status, body) = await stack.call(
                    .POST, "/api/v2/generate/pop",
                    json: #"{"name": "it-image-worker", "models": ["stable_diffusion"], "bridge_agent": "horde-worker:0.1.0:local"}"#,
                    apiKey: owner.apiKey)
                #expect(status == 200)
                answer = body
            }
            #expect(answer["id"]?.stringValue == jobId.uuidString.lowercased())
            #expect(answer["ids"]?.arrayValue?.count == 1)
            #expect(answer["payload"]?["seed"] == 1234)
            #expect(answer["model"] == "stable_diffusion")
            #expect(answer["ttl"] == 150)

            let workerId = WorkerIdentity.id(forName: "it-image-worker")
            let row = try await stack.pool.query("SELECT owner_id, kind FROM gateway.workers WHERE id = \(workerId)")
            #expect(row.first?["owner_id"].int == owner.id)
            #expect(row.first?["kind"].string == "image")

            // The name now belongs to this owner and this kind.
            let intruder = try await stack.createUser("mallory")
            let (stolen, stolenBody) = await stack.call(
                .POST, "/api/v2/generate/pop", json: #"{"name": "it-image-worker"}"#, apiKey: intruder.apiKey)
            #expect(stolen == 403 && stolenBody["rc"] == "WrongCredentials")
            let (otherKind, otherKindBody) = await stack.call(
                .POST, "/api/v2/generate/text/pop", json: #"{"name": "it-image-worker"}"#, apiKey: owner.apiKey)
            #expect(otherKind == 400 && otherKindBody["rc"] == "PolymorphicNameConflict")
            let (anonymous, anonymousBody) = await stack.call(
                .POST, "/api/v2/generate/pop", json: #"{"name": "anon-worker"}"#, apiKey: "0000000000")
            #expect(anonymous == 403 && anonymousBody["rc"] == "AnonForbiddenWorker")

            // A pop nobody answers comes back empty after the timeout.
            let (silent, silentBody) = await stack.call(
                .POST, "/api/v2/generate/text/pop", json: #"{"name": "it-silent-worker"}"#, apiKey: owner.apiKey)
            #expect(silent == 200)
            #expect(silentBody["id"] == .null)
            #expect(silentBody["ids"] == [])

            // Active messages ride on the pop answer; a maintenance worker that got nothing is refused with its
            // own maintenance message.
            let silentId = WorkerIdentity.id(forName: "it-silent-worker")
            try await stack.pool.execute(
                """
                INSERT INTO gateway.worker_messages (id, worker_id, author_id, message, origin, expires_at)
                VALUES (\(UUID()), \(silentId), \(owner.id), 'please update', 'moderator', now() + interval '1 hour')
                """)
            let (messaged, messagedBody) = await stack.call(
                .POST, "/api/v2/generate/text/pop", json: #"{"name": "it-silent-worker"}"#, apiKey: owner.apiKey)
            #expect(messaged == 200)
            #expect(messagedBody["messages"]?.arrayValue?.first?["message"] == "please update")
            #expect(messagedBody["messages"]?.arrayValue?.first?["origin"] == "moderator")
            try await stack.pool.execute(
                "UPDATE gateway.workers SET maintenance = true, maintenance_msg = 'back soon' WHERE id = \(silentId)")
            let (maintained, maintainedBody) = await stack.call(
                .POST, "/api/v2/generate/text/pop", json: #"{"name": "it-silent-worker"}"#, apiKey: owner.apiKey)
            #expect(maintained == 403)
            #expect(maintainedBody["rc"] == "WorkerMaintenance")
            #expect(maintainedBody["message"]?.stringValue?.contains("back soon") == true)

            let (details, detailsBody) = await stack.call(.GET, "/api/v2/workers/\(workerId)")
            #expect(details == 200)
            #expect(detailsBody["name"] == "it-image-worker")
            #expect(detailsBody["type"] == "image")
            #expect(detailsBody["online"] == true)
            #expect(detailsBody["owner"] == nil, "the owner is private unless they publish their workers")
            let (own, ownBody) = await stack.call(.GET, "/api/v2/workers/\(workerId)", apiKey: owner.apiKey)
            #expect(own == 200)
            #expect(ownBody["owner"]?.stringValue == "ivy#\(owner.id)")
            #expect(await stack.call(.GET, "/api/v2/workers/\(UUID())").body["rc"] == "WorkerNotFound")
        }
    }
}
