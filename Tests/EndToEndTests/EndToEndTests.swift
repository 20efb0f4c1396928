import Foundation
import HTTP
import HordeCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The whole horde as separate processes talking over Kafka: text and image flows, external and in-cluster
/// workers, cancellation, webhooks, and a SIGKILL of the scheduler in the middle of a flow.
@Suite(
    .serialized, .timeLimit(.minutes(10)),
    .enabled(if: ProcessInfo.processInfo.environment["HORDE_IT"] != nil, "needs the local stack (deploy/local.sh test)"))
struct EndToEndTests {
    static let externalModel = "e2e/external-model-13B"

    @Test func wholeHordeServesTextImagesAndSurvivesASchedulerCrash() async throws {
        let cluster = try await HordeCluster.start()
        let api = HordeAPI(cluster: cluster)
        do {
            let admin = try cluster.createUser("e2e-admin", kudos: 100_000, trusted: true)
            try cluster.launch(
                "worker",
                environment: [
                    "HORDE_WORKER_MODE": "in-cluster", "HORDE_WORKER_API_KEY": admin.key,
                    "HORDE_WORKER_NAME": "e2e-cpu-worker",
                ])
            try await cluster.waitReady("worker")

            try await textThroughInClusterWorker(api)
            try await imagesThroughInClusterWorker(api)
            try await cancellation(api)
            try await externalWorkerAndSchedulerCrash(api, cluster: cluster, admin: admin)
            try await webhookDelivery(api, cluster: cluster)
            try await ledgerVerifies(cluster)
        } catch {
            for service in HordeCluster.services { print("---- \(service)\n\(cluster.tail(service))") }
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    func textThroughInClusterWorker(_ api: HordeAPI) async throws {
        let created = try await api.call(
            .POST, "/api/v2/generate/text/async", key: "0000000000",
            body: ["prompt": "Tell me about lighthouses", "params": ["max_length": 32, "max_context_length": 512]])
        #expect(created.status == 202, "\(created.raw)")
        let id = try #require(created.json["id"] as? String)
        let status = try await api.waitDone("/api/v2/generate/text/status/\(id)")
        let generations = try #require(status["generations"] as? [[String: Any]])
        #expect(generations.count == 1)
        let text = try #require(generations.first?["text"] as? String)
        #expect(!text.isEmpty)
        #expect(generations.first?["worker_name"] as? String == "e2e-cpu-worker-text")
        #expect((generations.first?["worker_id"] as? String)?.isEmpty == false)
        #expect(generations.first?["model"] as? String == "horde/cpu-text-1B")
        #expect(status["finished"] as? Int == 1)
        #expect(status["faulted"] as? Bool == false)
        // The in-cluster worker never popped through the gateway, yet its record and earnings are visible.
        let workerId = try #require(generations.first?["worker_id"] as? String)
        let deadline = ContinuousClock.now + .seconds(20)
        var worker = try await api.call(.GET, "/api/v2/workers/\(workerId)")
        func generated(_ body: [String: Any]) -> Double {
            ((body["kudos_details"] as? [String: Any])?["generated"] as? NSNumber)?.doubleValue ?? 0
        }
        while generated(worker.json) <= 0,
            ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(100))
            worker = try await api.call(.GET, "/api/v2/workers/\(workerId)")
        }
        #expect(worker.status == 200, "\(worker.raw)")
        #expect(worker.json["name"] as? String == "e2e-cpu-worker-text")
        #expect(worker.json["type"] as? String == "text")
        #expect(generated(worker.json) > 0, "\(worker.raw)")
    }

    func imagesThroughInClusterWorker(_ api: HordeAPI) async throws {
        let created = try await api.call(
            .POST, "/api/v2/generate/async", key: "0000000000",
            body: ["prompt": "a red fox in snow", "params": ["width": 64, "height": 64, "steps": 10, "n": 3]])
        #expect(created.status == 202, "\(created.raw)")
        let id = try #require(created.json["id"] as? String)
        let check = try await api.waitDone("/api/v2/generate/check/\(id)")
        #expect(check["finished"] as? Int == 3)
        let status = try await api.call(.GET, "/api/v2/generate/status/\(id)")
        let generations = try #require(status.json["generations"] as? [[String: Any]])
        #expect(generations.count == 3)
        #expect(Set(generations.compactMap { $0["id"] as? String }).count == 3)
        for generation in generations {
            let image = try #require(generation["img"] as? String)
            let bytes = try #require(Data(base64Encoded: image), "img is not base64")
            let signature = Array(bytes.prefix(8))
            let isPNG = signature == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            let isWebP = bytes.count > 12 && Array(bytes[8..<12]) == Array("WEBP".utf8)
            #expect(isPNG || isWebP)
        }
    }

    func cancellation(_ api: HordeAPI) async throws {
        let created = try await api.call(
            .POST, "/api/v2/generate/text/async", key: "0000000000",
            body: ["prompt": "nobody serves this", "models": ["e2e/unserved-model"], "params": ["max_length": 16]])
        let id = try #require(created.json["id"] as? String)
        let cancelled = try await api.call(.DELETE, "/api/v2/generate/text/status/\(id)")
        #expect(cancelled.status == 200, "\(cancelled.raw)")
        let missing = try await api.call(.GET, "/api/v2/generate/text/status/not-a-uuid")
        #expect(missing.status == 404)
        #expect(missing.json["rc"] as? String == "RequestNotFound")
    }

    /// An external worker pops three jobs, the scheduler is SIGKILLed, the jobs are submitted while it is down,
    /// it restarts, and every request still completes exactly once.
    func externalWorkerAndSchedulerCrash(
        _ api: HordeAPI, cluster: HordeCluster, admin: (id: Int, key: String)
    ) async throws {
        let requester = try cluster.createUser("e2e-requester", kudos: 5_000)
        let before = try await api.kudos(ofUser: requester.id, settlingAt: 5_000)
        #expect(abs(before - 5_000) < 0.001)
        var ids: [String] = []
        for index in 0..<6 {
            let created = try await api.call(
                .POST, "/api/v2/generate/text/async", key: requester.key,
                body: ["prompt": "story \(index)", "models": [Self.externalModel],
                       "params": ["max_length": 40, "max_context_length": 1024]])
            #expect(created.status == 202, "\(created.raw)")
            ids.append(try #require(created.json["id"] as? String))
        }
        let pop: [String: Any] = [
            "name": "e2e-external-worker", "models": [Self.externalModel], "max_length": 512,
            "max_context_length": 2048, "bridge_agent": "horde-worker:1.0.0:e2e", "amount": 1,
        ]
        func popOne() async throws -> (job: String, request: String?)? {
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline {
                let response = try await api.call(.POST, "/api/v2/generate/text/pop", key: admin.key, body: pop)
                #expect(response.status == 200, "\(response.raw)")
                if let job = response.json["id"] as? String { return (job, nil) }
                try await Task.sleep(for: .milliseconds(200))
            }
            return nil
        }
        var popped: [String] = []
        for _ in 0..<3 {
            let job = try #require(try await popOne(), "no job popped")
            popped.append(job.job)
        }
        cluster.kill9("scheduler")
        for job in popped {
            let submitted = try await api.call(
                .POST, "/api/v2/generate/text/submit", key: admin.key,
                body: ["id": job, "generation": "Once upon a time there was a lighthouse keeper.", "state": "ok"])
            #expect(submitted.status == 200, "\(submitted.raw)")
            let again = try await api.call(
                .POST, "/api/v2/generate/text/submit", key: admin.key,
                body: ["id": job, "generation": "a second copy", "state": "ok"])
            #expect(again.status == 400)
            #expect(again.json["rc"] as? String == "DuplicateGen")
        }
        try cluster.launch("scheduler")
        try await cluster.waitReady("scheduler")
        for _ in 0..<3 {
            let job = try #require(try await popOne(), "no job popped after the restart")
            let submitted = try await api.call(
                .POST, "/api/v2/generate/text/submit", key: admin.key,
                body: ["id": job.job, "generation": "The end of the story.", "state": "ok"])
            #expect(submitted.status == 200, "\(submitted.raw)")
        }
        var spent = 0.0
        for id in ids {
            let status = try await api.waitDone("/api/v2/generate/text/status/\(id)")
            let generations = status["generations"] as? [[String: Any]] ?? []
            #expect(generations.count == 1, "request \(id) has \(generations.count) generations")
            #expect(status["finished"] as? Int == 1)
            spent += (status["kudos"] as? Double) ?? Double(status["kudos"] as? Int ?? 0)
        }
        let nothingLeft = try await api.call(.POST, "/api/v2/generate/text/pop", key: admin.key, body: pop)
        #expect(nothingLeft.json["id"] is NSNull || nothingLeft.json["id"] == nil, "\(nothingLeft.raw)")
        #expect(spent > 0)
        // Status reports each request's kudos rounded to a whole number, so allow half a kudo per request.
        let after = try await api.kudos(ofUser: requester.id, settlingAt: before - spent)
        #expect(abs(after - (before - spent)) <= 0.5 * Double(ids.count), "charged \(before - after), requests report \(spent)")
        #expect(after < before)
        // Exactly once: the ledger charged the requester precisely what the scheduler settled, no more.
        let pool = cluster.makePool()
        let deadline = ContinuousClock.now + .seconds(20)
        var settled = 0.0
        var balance = 0.0
        repeat {
            let costs = try await pool.query(
                """
                SELECT coalesce(sum(j.cost), 0)::float8 AS cost, count(*) AS jobs FROM scheduler.jobs j
                JOIN scheduler.requests r ON r.id = j.request_id
                WHERE r.user_id = \(requester.id) AND j.state = 'done'
                """)
            settled = try costs[0].decode("cost", as: Double.self)
            #expect(try costs[0].decode("jobs", as: Int.self) == ids.count)
            let rows = try await pool.query(
                "SELECT balance::float8 AS balance FROM ledger.balances WHERE account = \("user:\(requester.id)")")
            balance = try rows.first?.decode("balance", as: Double.self) ?? 0
            if abs(balance - (5_000 - settled)) < 0.001 { break }
            try await Task.sleep(for: .milliseconds(100))
        } while ContinuousClock.now < deadline
        await pool.close()
        #expect(abs(balance - (5_000 - settled)) < 0.001, "ledger balance \(balance), settled costs \(settled)")
    }

    func webhookDelivery(_ api: HordeAPI, cluster: HordeCluster) async throws {
        let receiver = WebhookReceiver()
        let port = try await receiver.start()
        defer { Task { await receiver.stop() } }
        let created = try await api.call(
            .POST, "/api/v2/generate/text/async", key: "0000000000",
            body: ["prompt": "ping the hook", "params": ["max_length": 16],
                   "webhook": "http://127.0.0.1:\(port)/hook"])
        #expect(created.status == 202, "\(created.raw)")
        let id = try #require(created.json["id"] as? String)
        _ = try await api.waitDone("/api/v2/generate/text/status/\(id)")
        let payload = try await receiver.waitForDelivery(timeout: .seconds(20))
        #expect(payload["request"] as? String == id)
        #expect((payload["text"] as? String)?.isEmpty == false)
        #expect(payload["worker_name"] as? String == "e2e-cpu-worker-text")
    }

    func ledgerVerifies(_ cluster: HordeCluster) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "\(cluster.binDir)/horde-ledger")
        process.arguments = ["verify"]
        process.environment = cluster.environment(for: "ledger")
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(String(decoding: data, as: UTF8.self))")
    }
}
