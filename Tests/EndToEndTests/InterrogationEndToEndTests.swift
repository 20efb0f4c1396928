import Foundation
import HTTP
import HordeCore
import Testing

/// Alchemy across the whole horde: a requester queues an interrogation, an external alchemist pops a caption form
/// over HTTP and submits it, the requester sees the result in status, the ledger charges the form and the
/// notifier posts its webhook; cancelling settles the rest.
@Suite(
    .serialized, .timeLimit(.minutes(5)),
    .enabled(if: ProcessInfo.processInfo.environment["HORDE_IT"] != nil, "needs the local stack (deploy/local.sh test)"))
struct InterrogationEndToEndTests {
    /// A 1000×600 PNG header: enough for the gateway to size the image (2×2 tiles).
    static let sourceImage: String = {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        bytes += Array("IHDR".utf8)
        bytes += [0, 0, 0x03, 0xE8, 0, 0, 0x02, 0x58, 8, 6, 0, 0, 0, 0, 0, 0, 0]
        return Data(bytes).base64EncodedString()
    }()

    @Test func alchemistPopsSubmitsAndRequesterSeesTheCaption() async throws {
        let cluster = try await HordeCluster.start()
        let api = HordeAPI(cluster: cluster)
        let receiver = WebhookReceiver()
        do {
            let port = try await receiver.start()
            let requester = try cluster.createUser("alchemy-requester", kudos: 100)
            let owner = try cluster.createUser("alchemy-owner", kudos: 0)
            _ = try await api.kudos(ofUser: requester.id, settlingAt: 100)

            let created = try await api.call(
                .POST, "/api/v2/interrogate/async", key: requester.key,
                body: [
                    "source_image": Self.sourceImage,
                    "forms": [["name": "caption"], ["name": "nsfw"], ["name": "caption"]],
                    "webhook": "http://127.0.0.1:\(port)/alchemy",
                ])
            #expect(created.status == 202, "\(created.raw)")
            let id = try #require(created.json["id"] as? String)

            let queued = try await api.call(.GET, "/api/v2/interrogate/status/\(id)")
            #expect(queued.status == 200, "\(queued.raw)")
            #expect(queued.json["state"] as? String == "waiting")
            #expect((queued.json["forms"] as? [[String: Any]])?.map { $0["form"] as? String } == ["caption", "nsfw"])

            let form = try await popForm(api, key: owner.key)
            #expect(form["form"] as? String == "caption")
            #expect(form["source_image"] as? String == Self.sourceImage)
            let formId = try #require(form["id"] as? String)

            let processing = try await api.call(.GET, "/api/v2/interrogate/status/\(id)")
            #expect(processing.json["state"] as? String == "processing", "\(processing.raw)")

            let submitted = try await api.call(
                .POST, "/api/v2/interrogate/submit", key: owner.key,
                body: ["id": formId, "result": ["caption": "a lighthouse at dusk"], "state": "ok"])
            #expect(submitted.status == 200, "\(submitted.raw)")
            #expect((submitted.json["reward"] as? NSNumber)?.doubleValue == 1)
            let again = try await api.call(
                .POST, "/api/v2/interrogate/submit", key: owner.key,
                body: ["id": formId, "result": ["caption": "twice"]])
            #expect(again.status == 400)
            #expect(again.json["rc"] as? String == "DuplicateGen")

            let status = try await waitForm(api, id: id, form: "caption", state: "done")
            let caption = try #require((status["forms"] as? [[String: Any]])?.first)
            #expect((caption["result"] as? [String: Any])?["caption"] as? String == "a lighthouse at dusk")
            #expect(caption["worker_name"] as? String == "e2e-alchemist")
            #expect(status["state"] as? String == "waiting")

            let webhook = try await receiver.waitForDelivery(timeout: .seconds(30))
            #expect(webhook["form"] as? String == "caption")
            #expect(webhook["id"] as? String == formId)
            #expect(webhook["request"] as? String == id)
            #expect((webhook["result"] as? [String: Any])?["caption"] as? String == "a lighthouse at dusk")

            // The form costs its price (1) + the tax (1) + the slow-workers surcharge (1); the alchemist earns 1, of
            // which an untrusted owner can spend half while the other half waits in escrow (HORDE_RULES 4.6).
            #expect(try await api.kudos(ofUser: requester.id, settlingAt: 97) == 97)
            #expect(try await api.kudos(ofUser: owner.id, settlingAt: 0.5) == 0.5)

            let cancelled = try await api.call(.DELETE, "/api/v2/interrogate/status/\(id)")
            #expect(cancelled.status == 200, "\(cancelled.raw)")
            #expect((cancelled.json["forms"] as? [[String: Any]])?.map { $0["state"] as? String } == ["done", "cancelled"])
            let final = try await waitForm(api, id: id, form: "nsfw", state: "cancelled")
            #expect(final["state"] as? String == "partial")

            let empty = try await api.call(
                .POST, "/api/v2/interrogate/pop", key: owner.key,
                body: ["name": "e2e-alchemist", "forms": ["caption", "nsfw"]])
            #expect(empty.status == 200, "\(empty.raw)")
            #expect(empty.json["forms"] == nil)
            #expect(empty.json["skipped"] is [String: Any])
        } catch {
            for service in HordeCluster.services { print("---- \(service)\n\(cluster.tail(service))") }
            await receiver.stop()
            await cluster.stop()
            throw error
        }
        await receiver.stop()
        await cluster.stop()
    }

    /// Pops as the alchemist until a form comes (the scheduler may not have queued the request yet).
    private func popForm(_ api: HordeAPI, key: String) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(30)
        var last = ""
        while ContinuousClock.now < deadline {
            let popped = try await api.call(
                .POST, "/api/v2/interrogate/pop", key: key,
                body: ["name": "e2e-alchemist", "forms": ["caption"], "amount": 1, "max_tiles": 16])
            last = popped.raw
            if let form = (popped.json["forms"] as? [[String: Any]])?.first { return form }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ClusterError("no form popped within 30 s; last answer: \(last)")
    }

    /// Polls the status until the named form reaches `state`.
    private func waitForm(_ api: HordeAPI, id: String, form: String, state: String) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(30)
        var last = ""
        while ContinuousClock.now < deadline {
            let status = try await api.call(.GET, "/api/v2/interrogate/status/\(id)")
            last = status.raw
            let forms = status.json["forms"] as? [[String: Any]] ?? []
            if forms.contains(where: { $0["form"] as? String == form && $0["state"] as? String == state }) {
                return status.json
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ClusterError("form \(form) not \(state) within 30 s; last answer: \(last)")
    }
}
