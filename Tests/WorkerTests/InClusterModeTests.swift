import Domain
import Foundation
import HordeCore
import Messages
import Testing

@testable import Worker

@Suite("Worker in in-cluster mode with Kafka", .serialized, .enabled(if: WorkerTestStack.enabled), .timeLimit(.minutes(3)))
struct InClusterModeTests {
    init() { WorkerTestStack.isolateTopics }

    private func settings(_ gateway: FakeHordeGateway, name: String, popWait: String) -> [String: String] {
        ["HORDE_WORKER_MODE": "in-cluster", "HORDE_WORKER_URL": gateway.url, "HORDE_WORKER_NAME": name,
         "HORDE_WORKER_KINDS": "image", "HORDE_WORKER_POP_WAIT": popWait]
    }

    @Test func parkedPopIsAnsweredOverKafkaAndTheJobSubmittedOverHTTP() async throws {
        let gateway = try await FakeHordeGateway()
        let jobIds = [UUID(), UUID()]
        let foreign = UUID()
        let name = WorkerTestStack.unique("it-cluster")
        let scheduler = try await FakeScheduler(worker: name) { number, request in
            // The first pop is parked until a request "arrives"; later ones wait out their time and get nothing.
            number == 1
                ? (.milliseconds(400), FakeScheduler.imageAssignment(ids: jobIds, seed: 11))
                : (.milliseconds(request.waitMilliseconds), nil)
        }
        let workerId = WorkerIdentity.id(forName: name).uuidString.lowercased()
        let worker = try await WorkerTestStack.start(settings(gateway, name: name, popWait: "1s"))
        try await WorkerTestStack.waitUntil { !scheduler.received.isEmpty }
        // A job for another worker on the same topic must not be run here.
        try await scheduler.sendUnsolicited(to: UUID().uuidString.lowercased(), assignment: FakeScheduler.imageAssignment(ids: [foreign], seed: 1))
        try await WorkerTestStack.waitUntil { gateway.submits.count >= 2 }

        let pop = try #require(scheduler.received.first)
        #expect(pop.replyTopic == Topics.workerJobs.name)
        #expect(pop.replyTo == workerId)
        #expect(pop.waitMilliseconds == 1000)
        #expect(pop.deadline.timeIntervalSinceNow > 0.5 || scheduler.received.count > 1)
        #expect(pop.worker.workerId.uuidString.lowercased() == workerId)
        #expect(pop.worker.name == name)
        #expect(pop.worker.ownerId == FakeHordeGateway.ownerId)
        #expect(pop.worker.ownerTrusted)
        #expect(pop.worker.kind == .image)
        #expect(pop.worker.models == ["stable_diffusion"])
        #expect(BridgeAgent(pop.worker.bridgeAgent).name == "horde-worker")
        #expect(gateway.calls(to: "/api/v2/find_user").first?.headers["apikey"] == FakeHordeGateway.apiKey)

        let submits = gateway.calls(to: "/api/v2/generate/submit")
        #expect(submits.map { $0.body?["id"] } == jobIds.map { .string($0.uuidString.lowercased()) })
        #expect(submits.map { $0.body?["seed"] } == [11, 12])
        let base64 = try #require(submits.first?.body?["generation"]?.stringValue)
        let png = try #require(Data(base64Encoded: base64))
        #expect(try await Python.decodePNG(Array(png)).width == 64)
        #expect(await worker.runtime.readiness.evaluate().ready)

        try await Task.sleep(for: .seconds(1))
        #expect(!gateway.submits.contains { $0.body?["id"] == .string(foreign.uuidString.lowercased()) })
        let stopTime = try await worker.shutDown()
        #expect(stopTime < .seconds(8))
        await scheduler.close()
        await gateway.close()
    }

    @Test func jobAnsweredAfterThePopTimedOutIsStillRun() async throws {
        let gateway = try await FakeHordeGateway()
        let jobId = UUID()
        let name = WorkerTestStack.unique("it-late")
        let scheduler = try await FakeScheduler(worker: name) { number, request in
            // Far past the worker's wait plus its reply margin: the worker has given up on this pop.
            number == 1
                ? (.milliseconds(request.waitMilliseconds + 4_000), FakeScheduler.imageAssignment(ids: [jobId], seed: 3))
                : (.milliseconds(request.waitMilliseconds), nil)
        }
        let worker = try await WorkerTestStack.start(settings(gateway, name: name, popWait: "500ms"))
        try await WorkerTestStack.waitUntil(timeout: .seconds(40)) { !gateway.submits.isEmpty }
        let submit = try #require(gateway.submits.first)
        #expect(submit.body?["id"] == .string(jobId.uuidString.lowercased()))
        #expect(submit.body?["state"] == "ok")
        #expect(scheduler.received.count >= 2)
        _ = try await worker.shutDown()
        await scheduler.close()
        await gateway.close()
    }
}
