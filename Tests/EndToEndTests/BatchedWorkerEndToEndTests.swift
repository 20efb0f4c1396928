import Foundation
import HTTP
import HordeCore
import Testing

/// An external image worker through the gateway: one pop takes a batch of four images of one request, each image
/// is submitted under its own id and stored with its place in the batch; bad submits and impossible pops get the
/// rules' rc and change nothing.
@Suite(
    .serialized, .timeLimit(.minutes(5)),
    .enabled(if: ProcessInfo.processInfo.environment["HORDE_IT"] != nil, "needs the local stack (deploy/local.sh test)"))
struct BatchedWorkerEndToEndTests {
    /// A 1×1 PNG.
    static let image =
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

    @Test func aBatchIsPoppedOnceAndEveryImageIsStored() async throws {
        let cluster = try await HordeCluster.start()
        let api = HordeAPI(cluster: cluster)
        do {
            try await batchFlow(api, cluster: cluster)
        } catch {
            for service in HordeCluster.services { print("---- \(service)\n\(cluster.tail(service))") }
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    func batchFlow(_ api: HordeAPI, cluster: HordeCluster) async throws {
        let owner = try cluster.createUser("e2e-batch-owner", kudos: 10_000)
        let stranger = try cluster.createUser("e2e-batch-stranger", kudos: 100)
        let model = "e2e/batch-model"
        let created = try await api.call(
            .POST, "/api/v2/generate/async", key: owner.key,
            body: [
                "prompt": "four lighthouses", "models": [model],
                "params": ["width": 64, "height": 64, "steps": 5, "n": 4],
            ])
        #expect(created.status == 202, "\(created.raw)")
        let requestId = try #require(created.json["id"] as? String)

        // A pop asking for more than the API allows is refused outright.
        let tooMany = try await api.call(
            .POST, "/api/v2/generate/pop", key: owner.key,
            body: ["name": "e2e-batch-worker", "models": [model], "amount": 21, "nsfw": true])
        #expect(tooMany.status == 400, "\(tooMany.raw)")

        let pop: [String: Any] = [
            "name": "e2e-batch-worker", "models": [model], "amount": 4, "max_pixels": 262_144, "nsfw": true,
            "bridge_agent": "AI Horde Worker reGen:13.0.0:e2e",
        ]
        var ids: [String] = []
        var payload: [String: Any] = [:]
        let deadline = ContinuousClock.now + .seconds(30)
        while ids.isEmpty, ContinuousClock.now < deadline {
            let popped = try await api.call(.POST, "/api/v2/generate/pop", key: owner.key, body: pop)
            #expect(popped.status == 200, "\(popped.raw)")
            ids = popped.json["ids"] as? [String] ?? []
            payload = popped.json["payload"] as? [String: Any] ?? [:]
            if ids.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(ids.count == 4)
        #expect(payload["n_iter"] as? Int == 4)

        // Unknown and foreign submits are refused and store nothing.
        let unknown = try await api.call(
            .POST, "/api/v2/generate/submit", key: owner.key,
            body: ["id": UUID().uuidString.lowercased(), "generation": Self.image, "state": "ok"])
        #expect(unknown.status == 404 && unknown.json["rc"] as? String == "InvalidJobID", "\(unknown.raw)")
        let first = try #require(ids.first)
        let foreign = try await api.call(
            .POST, "/api/v2/generate/submit", key: stranger.key,
            body: ["id": first, "generation": Self.image, "state": "ok"])
        #expect(foreign.status == 403 && foreign.json["rc"] as? String == "WrongCredentials", "\(foreign.raw)")

        for id in ids {
            let submitted = try await api.call(
                .POST, "/api/v2/generate/submit", key: owner.key,
                body: ["id": id, "generation": Self.image, "state": "ok", "seed": "7"])
            #expect(submitted.status == 200, "\(submitted.raw)")
        }
        let again = try await api.call(
            .POST, "/api/v2/generate/submit", key: owner.key,
            body: ["id": first, "generation": Self.image, "state": "ok"])
        #expect(again.status == 400 && again.json["rc"] as? String == "DuplicateGen", "\(again.raw)")

        _ = try await api.waitDone("/api/v2/generate/check/\(requestId)")
        let status = try await api.call(.GET, "/api/v2/generate/status/\(requestId)")
        let generations = try #require(status.json["generations"] as? [[String: Any]])
        #expect(generations.count == 4)
        #expect(Set(generations.compactMap { $0["id"] as? String }) == Set(ids))
        let places = generations.compactMap { generation -> String? in
            let notes = generation["gen_metadata"] as? [[String: Any]] ?? []
            return notes.first { $0["type"] as? String == "batch_index" }?["ref"] as? String
        }
        #expect(Set(places) == ["0", "1", "2", "3"])

        // Nothing is left for the worker.
        let empty = try await api.call(.POST, "/api/v2/generate/pop", key: owner.key, body: pop)
        #expect(empty.status == 200 && (empty.json["ids"] as? [String])?.isEmpty == true, "\(empty.raw)")
    }
}
