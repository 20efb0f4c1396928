import Foundation
import HTTP
import HordeCore
import Postgres
import Testing

/// A paused external worker through the whole horde: it gets a fake job of someone else's request, its submit is
/// answered with reward 0 and changes nothing, it never gets that request again, and an honest worker then
/// delivers it.
@Suite(
    .serialized, .timeLimit(.minutes(5)),
    .enabled(if: ProcessInfo.processInfo.environment["HORDE_IT"] != nil, "needs the local stack (deploy/local.sh test)"))
struct PausedWorkerEndToEndTests {
    static let model = "e2e/paused-model-7B"

    @Test func aPausedWorkerIsTrickedOnceAndTheRequestIsStillServed() async throws {
        let cluster = try await HordeCluster.start()
        let api = HordeAPI(cluster: cluster)
        let pool = cluster.makePool()
        do {
            try await trickFlow(api, cluster: cluster, pool: pool)
        } catch {
            for service in HordeCluster.services { print("---- \(service)\n\(cluster.tail(service))") }
            await pool.close()
            await cluster.stop()
            throw error
        }
        await pool.close()
        await cluster.stop()
    }

    static func pop(name: String) -> [String: Any] {
        [
            "name": name, "models": [Self.model], "max_length": 512, "max_context_length": 2048,
            "bridge_agent": "horde-worker:1.0.0:e2e", "amount": 1,
        ]
    }

    /// Pops until a job comes (true) or `attempts` pops came back empty.
    func popJob(_ api: HordeAPI, key: String, name: String, attempts: Int) async throws -> String? {
        for _ in 0..<attempts {
            let response = try await api.call(.POST, "/api/v2/generate/text/pop", key: key, body: Self.pop(name: name))
            #expect(response.status == 200, "\(response.raw)")
            if let job = response.json["id"] as? String { return job }
            try await Task.sleep(for: .milliseconds(200))
        }
        return nil
    }

    func trickFlow(_ api: HordeAPI, cluster: HordeCluster, pool: PostgresPool) async throws {
        let pausedOwner = try cluster.createUser("e2e-paused-owner", trusted: true)
        let honestOwner = try cluster.createUser("e2e-honest-owner", trusted: true)
        let requester = try cluster.createUser("e2e-requester", kudos: 5_000)
        // The first pop creates the worker; a moderator then pauses it.
        #expect(try await popJob(api, key: pausedOwner.key, name: "e2e-paused", attempts: 1) == nil)
        #expect(try await pool.execute("UPDATE gateway.workers SET paused = true WHERE name = 'e2e-paused'") == 1)

        let created = try await api.call(
            .POST, "/api/v2/generate/text/async", key: requester.key,
            body: ["prompt": "a story", "models": [Self.model], "params": ["max_length": 40, "max_context_length": 1024]])
        #expect(created.status == 202, "\(created.raw)")
        let requestId = try #require(created.json["id"] as? String)

        let fake = try #require(try await popJob(api, key: pausedOwner.key, name: "e2e-paused", attempts: 50))
        let submitted = try await api.call(
            .POST, "/api/v2/generate/text/submit", key: pausedOwner.key,
            body: ["id": fake, "generation": "garbage from a paused worker", "state": "ok"])
        #expect(submitted.status == 200, "\(submitted.raw)")
        #expect((submitted.json["reward"] as? Double ?? Double(submitted.json["reward"] as? Int ?? -1)) == 0)
        let waiting = try await pool.query(
            "SELECT n_waiting FROM scheduler.requests WHERE id = \(try #require(UUID(uuidString: requestId)))")
        #expect(try waiting.first?.decode("n_waiting", as: Int.self) == 1, "the request's n is untouched")
        #expect(try await popJob(api, key: pausedOwner.key, name: "e2e-paused", attempts: 3) == nil)

        let real = try #require(try await popJob(api, key: honestOwner.key, name: "e2e-honest", attempts: 50))
        #expect(real != fake)
        let delivered = try await api.call(
            .POST, "/api/v2/generate/text/submit", key: honestOwner.key,
            body: ["id": real, "generation": "Once upon a time.", "state": "ok"])
        #expect(delivered.status == 200, "\(delivered.raw)")
        let status = try await api.waitDone("/api/v2/generate/text/status/\(requestId)")
        let generations = status["generations"] as? [[String: Any]] ?? []
        #expect(generations.map { $0["text"] as? String } == ["Once upon a time."])
    }
}
