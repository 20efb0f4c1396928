import Foundation
import HTTP
import HordeCore
import Postgres
import Synchronization
import Testing

/// Kudos conservation under crashes: a thousand transfers, each sent twice with its Idempotency-Key, moderator
/// awards and paid text jobs run concurrently while the ledger and the scheduler are killed with SIGKILL and
/// restarted; afterwards every accepted transfer and award is in the ledger exactly once and `horde-ledger verify`
/// proves every posting balanced, kudos conserved and the projections equal to a fresh fold.
///
/// Part of the `EndToEndTests` suite (an extension), so it runs serialized with the other whole-horde test: two
/// clusters at once on one broker would share consumer-group names.
extension EndToEndTests {
    static let ringUsers = 8
    static let ringTransfers = 1_000
    static let ringAwards = 200

    /// Counts of what the API accepted.
    final class LedgerTally: Sendable {
        let transfers = Atomic<Int>(0)
        let awards = Atomic<Int>(0)
        let rejected = Mutex<[String]>([])
    }

    func ledgerPost(_ cluster: HordeCluster, _ path: String, key: String, body: [String: Any], idempotencyKey: String? = nil)
        async throws -> (status: Int, raw: String)
    {
        var headers = HTTPHeaders()
        headers.add("apikey", key)
        headers.add("Client-Agent", "horde-e2e:1:ledger")
        headers.add("Content-Type", "application/json")
        if let idempotencyKey { headers.add("Idempotency-Key", idempotencyKey) }
        let response = try await cluster.client.send(
            .POST, cluster.gatewayURL + path, headers: headers, body: Array(try JSONSerialization.data(withJSONObject: body)),
            timeout: .seconds(30))
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    @Test func kudosAreConservedAcrossLedgerAndSchedulerCrashes() async throws {
        let cluster = try await HordeCluster.start()
        let api = HordeAPI(cluster: cluster)
        do {
            // Every service's consumer groups carry the cluster's topic prefix, so no other cluster on the broker
            // shares (and rebalances) them.
            // The first account is id 1, the one allowed to award.
            let admin = try cluster.createUser("ledger-admin", kudos: 1_000, trusted: true)
            try cluster.launch(
                "worker",
                environment: [
                    "HORDE_WORKER_MODE": "in-cluster", "HORDE_WORKER_API_KEY": admin.key,
                    "HORDE_WORKER_NAME": "ledger-e2e-worker",
                ])
            var members: [(id: Int, key: String, alias: String)] = []
            for index in 0..<Self.ringUsers {
                let user = try cluster.createUser("ring\(index)", kudos: 100_000, trusted: true)
                members.append((user.id, user.key, "ring\(index)#\(user.id)"))
            }
            try await cluster.waitReady("worker")
            for member in members { _ = try await api.kudos(ofUser: member.id, settlingAt: 100_000) }

            try await badInputsMoveNothing(cluster, members: members, adminKey: admin.key)

            let tally = LedgerTally()
            let members_ = members
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Transfers around a ring (never back to the sender, so the 60 s reverse rule never bites), 16 at a
                // time; each is sent twice with its Idempotency-Key.
                group.addTask {
                    try await withThrowingTaskGroup(of: Void.self) { senders in
                        for lane in 0..<16 {
                            senders.addTask {
                                var index = lane
                                while index < Self.ringTransfers {
                                    let source = members_[index % Self.ringUsers]
                                    let target = members_[(index + 1) % Self.ringUsers]
                                    let key = "ring-\(index)"
                                    let body: [String: Any] = ["username": target.alias, "amount": 1.25]
                                    let first = try await ledgerPost(cluster, "/api/v2/kudos/transfer", key: source.key, body: body, idempotencyKey: key)
                                    let replay = try await ledgerPost(cluster, "/api/v2/kudos/transfer", key: source.key, body: body, idempotencyKey: key)
                                    if first.status == 200 && replay.status == 200 {
                                        tally.transfers.add(1, ordering: .relaxed)
                                    } else {
                                        tally.rejected.withLock { $0.append("\(first.status) \(first.raw) / \(replay.status) \(replay.raw)") }
                                    }
                                    index += 16
                                }
                            }
                        }
                        try await senders.waitForAll()
                    }
                }
                group.addTask {
                    for index in 0..<Self.ringAwards {
                        let target = members_[index % Self.ringUsers]
                        let response = try await ledgerPost(
                            cluster, "/api/v2/kudos/award", key: admin.key, body: ["username": target.alias, "amount": 3])
                        if response.status == 200 { tally.awards.add(1, ordering: .relaxed) }
                    }
                }
                group.addTask {
                    // Paid jobs: charges to requesters, rewards to the worker's owner.
                    for index in 0..<12 {
                        let requester = members_[index % Self.ringUsers]
                        _ = try await ledgerPost(
                            cluster, "/api/v2/generate/text/async", key: requester.key,
                            body: ["prompt": "Count to \(index)", "params": ["max_length": 16, "max_context_length": 512]])
                        try await Task.sleep(for: .milliseconds(300))
                    }
                }
                group.addTask {
                    // Mid-load: the ledger dies with batches in flight, then the scheduler with jobs in flight.
                    // (One kill each: a member killed before its group join completes stalls Tansu's group.)
                    try await Task.sleep(for: .seconds(3))
                    cluster.kill9("ledger")
                    try cluster.launch("ledger")
                    try await cluster.waitReady("ledger")
                    try await Task.sleep(for: .seconds(4))
                    cluster.kill9("scheduler")
                    try cluster.launch("scheduler")
                    try await cluster.waitReady("scheduler")
                }
                try await group.waitForAll()
            }
            // The ring sent ring0 → ring1 moments ago: the way back is refused for a minute.
            let back = try await ledgerPost(
                cluster, "/api/v2/kudos/transfer", key: members[1].key, body: ["username": members[0].alias, "amount": 1])
            #expect(back.status == 400 && back.raw.contains("TooFastKudosTransfers"), "\(back.raw)")

            let accepted = tally.transfers.load(ordering: .relaxed)
            let awarded = tally.awards.load(ordering: .relaxed)
            #expect(accepted == Self.ringTransfers, "\(tally.rejected.withLock { Array($0.prefix(5)) })")
            #expect(awarded == Self.ringAwards)

            // Every accepted command lands exactly once, whatever was redelivered after the crashes.
            let pool = cluster.makePool()
            let deadline = ContinuousClock.now + .seconds(60)
            var counts = (transfers: 0, awards: 0)
            while ContinuousClock.now < deadline {
                let rows = try await pool.query(
                    """
                    SELECT (SELECT count(*) FROM ledger.events WHERE type = 'kudos.transfer' AND refusal IS NULL) AS t,
                           (SELECT count(*) FROM ledger.events WHERE type = 'kudos.grant' AND refusal IS NULL) AS a
                    """)
                counts = (rows.first?["t"].int ?? 0, rows.first?["a"].int ?? 0)
                if counts.transfers >= accepted + 1 && counts.awards >= awarded { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            // The ring's transfers plus the one of the idempotency check.
            #expect(counts.transfers == accepted + 1)
            #expect(counts.awards == awarded)
            let gifted = try await pool.query(
                "SELECT COALESCE(sum(amount), 0)::float8 AS total FROM ledger.postings WHERE entry_type = 'TRANSFER' AND amount > 0")
            #expect(abs((gifted.first?["total"].double ?? 0) - (Double(accepted) * 1.25 + 2)) < 0.001)
            await pool.close()

            let report = try ledgerVerifyReport(cluster)
            #expect(report.status == 0, "\(report.output)")
            #expect(report.output.contains("\"conserved\" : true"))
            #expect(report.output.contains("\"detailsMatch\" : true"))
        } catch {
            for service in HordeCluster.services { print("---- \(service)\n\(cluster.tail(service))") }
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    /// Each bad request gets its status and rc, and none reaches the ledger (the exact event counts at the end
    /// prove nothing was published for them).
    func badInputsMoveNothing(
        _ cluster: HordeCluster, members: [(id: Int, key: String, alias: String)], adminKey: String
    ) async throws {
        let source = members[0]
        let target = members[1].alias
        let transfers: [(key: String, body: [String: Any], status: Int, rc: String)] = [
            (source.key, ["username": source.alias, "amount": 5], 400, "KudosTransferToSelf"),
            (source.key, ["username": "nobody#999999", "amount": 5], 400, "InvalidTargetUsername"),
            (source.key, ["username": "Anonymous#0", "amount": 5], 400, "KudosTransferToAnon"),
            ("0000000000", ["username": target, "amount": 5], 400, "KudosTransferFromAnon"),
            (source.key, ["username": target, "amount": -5], 400, "NegativeKudosTransfer"),
            (source.key, ["username": target, "amount": 0], 400, "InvalidKudosTransferAmount"),
            (source.key, ["username": target, "amount": 1.234], 400, "InvalidKudosTransferAmount"),
            (source.key, ["username": target, "amount": "NaN"], 400, "InvalidKudosTransferAmount"),
            (source.key, ["username": target, "amount": 1e15], 400, "InvalidKudosTransferAmount"),
            (source.key, ["username": target, "amount": 5_000_000_000], 400, "KudosTransferNotEnough"),
            ("not-a-key", ["username": target, "amount": 5], 401, "InvalidAPIKey"),
        ]
        for (key, body, status, rc) in transfers {
            let response = try await ledgerPost(cluster, "/api/v2/kudos/transfer", key: key, body: body)
            #expect(response.status == status && response.raw.contains("\"\(rc)\""), "\(body): \(response.raw)")
        }
        let awards: [(key: String, body: [String: Any], status: Int, rc: String)] = [
            (source.key, ["username": target, "amount": 5], 403, "NotAllowedAwards"),
            (adminKey, ["username": "Anonymous#0", "amount": 5], 400, "KudosAwardToAnon"),
            (adminKey, ["username": "nobody#999999", "amount": 5], 400, "InvalidAwardUsername"),
            (adminKey, ["username": target, "amount": -1], 400, "NegativeKudosTransfer"),
        ]
        for (key, body, status, rc) in awards {
            let response = try await ledgerPost(cluster, "/api/v2/kudos/award", key: key, body: body)
            #expect(response.status == status && response.raw.contains("\"\(rc)\""), "\(body): \(response.raw)")
        }
        // An idempotency key reused with other parameters conflicts (and the original is not sent twice).
        let first = try await ledgerPost(
            cluster, "/api/v2/kudos/transfer", key: members[2].key, body: ["username": members[3].alias, "amount": 2],
            idempotencyKey: "bad-input-key")
        #expect(first.status == 200, "\(first.raw)")
        let conflict = try await ledgerPost(
            cluster, "/api/v2/kudos/transfer", key: members[2].key, body: ["username": members[3].alias, "amount": 3],
            idempotencyKey: "bad-input-key")
        #expect(conflict.status == 400 && conflict.raw.contains("IdempotencyKeyConflict"), "\(conflict.raw)")
    }

    func ledgerVerifyReport(_ cluster: HordeCluster) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "\(cluster.binDir)/horde-ledger")
        process.arguments = ["verify"]
        process.environment = cluster.environment(for: "ledger")
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
