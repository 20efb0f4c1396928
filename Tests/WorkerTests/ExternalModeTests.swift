import Foundation
import HordeCore
import Messages
import Testing

@testable import Worker

@Suite("Worker in external mode against a fake gateway", .serialized, .enabled(if: WorkerTestStack.enabled),
    .timeLimit(.minutes(3)))
struct ExternalModeTests {
    private func settings(_ gateway: FakeHordeGateway, _ extra: [String: String] = [:]) -> [String: String] {
        var values = [
            "HORDE_WORKER_MODE": "external", "HORDE_WORKER_URL": gateway.url, "HORDE_WORKER_NAME": WorkerTestStack.unique("it-ext"),
        ]
        values.merge(extra) { _, new in new }
        return values
    }

    @Test func popsGeneratesAndSubmitsImagesAndTexts() async throws {
        let gateway = try await FakeHordeGateway()
        gateway.enqueue(
            .image,
            FakeHordeGateway.job(
                ids: ["img-a", "img-b"], model: "stable_diffusion",
                payload: ["prompt": "a castle in the clouds", "width": 128, "height": 64, "seed": "7", "n_iter": 2,
                          "ddim_steps": 20, "sampler_name": "k_euler_a", "cfg_scale": 7.5]))
        gateway.enqueue(
            .text,
            FakeHordeGateway.job(
                ids: ["txt-a"], model: "horde/cpu-text-1B", payload: ["prompt": "Once upon a time", "max_length": 50, "n": 1],
                ttl: 150))
        let settings = settings(gateway)
        let name = try #require(settings["HORDE_WORKER_NAME"])
        let worker = try await WorkerTestStack.start(settings)
        try await WorkerTestStack.waitUntil { gateway.submits.count >= 3 }

        let images = gateway.calls(to: "/api/v2/generate/submit")
        #expect(images.map { $0.body?["id"] } == ["img-a", "img-b"])
        #expect(images.map { $0.body?["seed"] } == [7, 8])
        #expect(images.allSatisfy { $0.body?["state"] == "ok" })
        for call in images {
            let base64 = try #require(call.body?["generation"]?.stringValue)
            let data = try #require(Data(base64Encoded: base64))
            let decoded = try await Python.decodePNG(Array(data))
            #expect(decoded.width == 128 && decoded.height == 64 && decoded.crcValid)
        }
        let text = try #require(gateway.calls(to: "/api/v2/generate/text/submit").first)
        #expect(text.body?["id"] == "txt-a")
        let generated = try #require(text.body?["generation"]?.stringValue)
        #expect(!generated.isEmpty && (generated.utf8.count + 3) / 4 <= 50)

        // What the worker declared and how it identified itself.
        let imagePop = try #require(gateway.calls(to: "/api/v2/generate/pop").first)
        #expect(imagePop.body?["name"] == .string("\(name)-image"))
        #expect(imagePop.body?["models"] == ["stable_diffusion"])
        #expect(imagePop.body?["max_pixels"] == 1_048_576)
        #expect(imagePop.body?["bridge_agent"]?.stringValue?.hasPrefix("horde-worker:\(WorkerVersion.current):") == true)
        #expect(imagePop.headers["apikey"] == FakeHordeGateway.apiKey)
        #expect(imagePop.headers["Client-Agent"]?.hasPrefix("horde-worker:\(WorkerVersion.current):") == true)
        let textPop = try #require(gateway.calls(to: "/api/v2/generate/text/pop").first)
        #expect(textPop.body?["name"] == .string("\(name)-text"))
        #expect(textPop.body?["max_length"] == 512)
        #expect(text.headers["apikey"] == FakeHordeGateway.apiKey)

        // With nothing to do, each lane pops about once a second.
        let before = gateway.calls(to: "/api/v2/generate/pop").count
        try await Task.sleep(for: .milliseconds(2500))
        let idlePops = gateway.calls(to: "/api/v2/generate/pop").count - before
        #expect(idlePops >= 1 && idlePops <= 4)

        let stopTime = try await worker.shutDown()
        #expect(stopTime < .seconds(5))
        await gateway.close()
    }

    @Test func shutdownFinishesTheJobInHand() async throws {
        let gateway = try await FakeHordeGateway()
        gateway.enqueue(.image, FakeHordeGateway.job(ids: ["slow"], model: "stable_diffusion", payload: ["prompt": "p", "width": 64, "height": 64]))
        let worker = try await WorkerTestStack.start(
            settings(gateway, ["HORDE_WORKER_KINDS": "image", "HORDE_WORKER_MIN_JOB_TIME": "1500ms"]))
        // The job was handed out: the second pop is never answered with it again.
        try await WorkerTestStack.waitUntil { gateway.calls(to: "/api/v2/generate/pop").count >= 1 }
        try await Task.sleep(for: .milliseconds(200))
        #expect(gateway.submits.isEmpty)
        let stopTime = try await worker.shutDown()
        let submit = try #require(gateway.submits.first)
        #expect(submit.body?["id"] == "slow")
        #expect(submit.body?["state"] == "ok")
        #expect(stopTime >= .milliseconds(900))
        // No pop after the job in hand.
        #expect(gateway.calls(to: "/api/v2/generate/pop").count == 1)
        await gateway.close()
    }

    @Test func jobThatCannotFinishInTheGracePeriodIsGivenBack() async throws {
        let gateway = try await FakeHordeGateway()
        gateway.enqueue(.text, FakeHordeGateway.job(ids: ["stuck"], model: "horde/cpu-text-1B", payload: ["prompt": "p"]))
        let worker = try await WorkerTestStack.start(
            settings(gateway, ["HORDE_WORKER_KINDS": "text", "HORDE_WORKER_MIN_JOB_TIME": "60s", "HORDE_WORKER_SHUTDOWN_GRACE": "300ms"]))
        try await WorkerTestStack.waitUntil { gateway.calls(to: "/api/v2/generate/text/pop").count >= 1 }
        try await Task.sleep(for: .milliseconds(100))
        let stopTime = try await worker.shutDown()
        #expect(stopTime < .seconds(5))
        let submit = try #require(gateway.submits.first)
        #expect(submit.body?["id"] == "stuck")
        #expect(submit.body?["state"] == "faulted")
        await gateway.close()
    }

    @Test func rejectedKeyBacksOffInsteadOfHammering() async throws {
        let gateway = try await FakeHordeGateway()
        let worker = try await WorkerTestStack.start(
            settings(gateway, ["HORDE_WORKER_KINDS": "image", "HORDE_WORKER_API_KEY": "wrong-key"]))
        try await Task.sleep(for: .seconds(3))
        // 0 s, ~1 s, ~3 s: the second failure already waits two seconds.
        let pops = gateway.calls(to: "/api/v2/generate/pop")
        #expect(pops.count >= 2 && pops.count <= 3)
        #expect(pops.allSatisfy { $0.headers["apikey"] == "wrong-key" })
        #expect(!(await worker.runtime.readiness.evaluate().ready))
        _ = try await worker.shutDown()
        await gateway.close()
    }
}
