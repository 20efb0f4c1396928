import Foundation
import HTTP
import HordeCore
import Testing

/// `horde-worker` in external mode against the whole horde: it pops over HTTP with its configuration file's
/// batch size and pixel limit, and every image of a multi-image request arrives from it.
@Suite(
    .serialized, .timeLimit(.minutes(5)),
    .enabled(if: ProcessInfo.processInfo.environment["HORDE_IT"] != nil, "needs the local stack (deploy/local.sh test)"))
struct WorkerEndToEndTests {
    static let model = "e2e/external-image-model"

    @Test func externalWorkerRunsABatchedImageRequestFromItsConfigurationFile() async throws {
        let cluster = try await HordeCluster.start()
        let api = HordeAPI(cluster: cluster)
        do {
            let owner = try cluster.createUser("e2e-worker-owner", kudos: 1_000, trusted: true)
            let configPath = "\(cluster.workDir)/worker.json"
            let config = #"{"models": {"image:\#(Self.model)": "cpu"}, "max_batch": 4, "max_pixels": 262144}"#
            try Data(config.utf8).write(to: URL(fileURLWithPath: configPath))
            try cluster.launch(
                "worker",
                environment: [
                    "HORDE_WORKER_MODE": "external", "HORDE_WORKER_API_KEY": owner.key,
                    "HORDE_WORKER_NAME": "e2e-external-cpu", "HORDE_WORKER_CONFIG": configPath,
                    "HORDE_WORKER_IDLE_DELAY": "100ms",
                ])
            try await cluster.waitReady("worker")

            let created = try await api.call(
                .POST, "/api/v2/generate/async", key: "0000000000",
                body: ["prompt": "a lighthouse at dusk###fog", "models": [Self.model],
                       "params": ["width": 64, "height": 64, "steps": 10, "n": 4]])
            #expect(created.status == 202, "\(created.raw)")
            let id = try #require(created.json["id"] as? String)
            let check = try await api.waitDone("/api/v2/generate/check/\(id)")
            #expect(check["finished"] as? Int == 4)
            let status = try await api.call(.GET, "/api/v2/generate/status/\(id)")
            let generations = try #require(status.json["generations"] as? [[String: Any]])
            #expect(generations.count == 4)
            #expect(generations.allSatisfy { $0["worker_name"] as? String == "e2e-external-cpu" })
            #expect(generations.allSatisfy { $0["model"] as? String == Self.model })
            #expect(Set(generations.compactMap { $0["seed"] as? String }).count == 4)
            // The worker registered with what its configuration declared.
            let workerId = try #require(generations.first?["worker_id"] as? String)
            let worker = try await api.call(.GET, "/api/v2/workers/\(workerId)")
            #expect(worker.json["name"] as? String == "e2e-external-cpu", "\(worker.raw)")
            #expect((worker.json["max_pixels"] as? NSNumber)?.intValue == 262_144, "\(worker.raw)")
            #expect(await cluster.terminate("worker") == 0)
        } catch {
            for service in HordeCluster.services { print("---- \(service)\n\(cluster.tail(service))") }
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }
}
