import Foundation
import Testing

@testable import Messages

@Suite struct EnvelopeTests {
    /// Dates travel at millisecond precision.
    static let now = Date().wirePrecision
    let now = EnvelopeTests.now

    private func roundTrip<P: EnvelopePayload & Equatable>(_ payload: P) throws -> Envelope<P> {
        let envelope = Envelope(occurredAt: now, payload: payload)
        let bytes = try WireCoding.encode(envelope)
        let decoded = try WireCoding.decode(P.self, from: bytes)
        #expect(decoded.id == envelope.id)
        #expect(decoded.type == envelope.type)
        #expect(decoded.schemaVersion == 1)
        #expect(decoded.occurredAt == envelope.occurredAt)
        #expect(decoded.payload == payload)
        return decoded
    }

    static let created = RequestCreated(
        requestId: UUID(), kind: .image, userId: 7, priority: 12.5, models: ["stable_diffusion"], n: 3,
        payload: ["prompt": "a cat ### dog", "width": 512, "height": 512, "steps": 30, "karras": true,
                  "loras": [["name": "123", "is_version": true]], "seed": nil],
        kudosPerJob: 6.5, costPerJob: 7.5, thingsPerJob: 7_864_320, pixels: 262_144, nsfw: true,
        workers: [UUID()], jobTTLSeconds: 150, webhook: "https://example.com/hook", createdAt: EnvelopeTests.now,
        expiresAt: EnvelopeTests.now.addingTimeInterval(1200))

    @Test func everyTopicPayloadRoundTrips() throws {
        let workerId = UUID()
        let profile = WorkerProfile(
            workerId: workerId, name: "w1", ownerId: 3, kind: .text, models: ["a", "b"], bridgeAgent: "x:1:y")
        _ = try roundTrip(RequestCommand.created(Self.created))
        _ = try roundTrip(RequestCommand.cancelled(RequestCancelled(requestId: UUID(), kind: .text, cancelledAt: now)))
        _ = try roundTrip(PopCommand.pop(PopRequest(worker: profile, replyTopic: "t", replyTo: "g1", deadline: now)))
        let assignment = JobAssignment(
            requestId: UUID(), kind: .image, jobIds: [UUID(), UUID()], model: "m", payload: ["n_iter": 2],
            ttlSeconds: 150)
        _ = try roundTrip(
            PopReplyMessage.reply(
                PopReply(popId: UUID(), replyTo: "g1", workerId: workerId, assignment: assignment, skipped: ["models": 2])))
        _ = try roundTrip(
            SubmissionMessage.submitted(
                JobSubmitted(jobId: UUID(), requestId: UUID(), workerId: workerId, outcome: .censored, seed: "42",
                             submittedAt: now)))
        let completed = JobCompleted(
            jobId: UUID(), requestId: UUID(), kind: .text, requesterId: 0, workerId: workerId, workerName: "w1",
            workerOwnerId: 3, model: "m", outcome: .ok, cost: 2.5, reward: 1.5, rewardBeforeBridge: 1.5, things: 80,
            seed: nil, webhook: nil, completedAt: now, seconds: 0.4, requestDone: true)
        _ = try roundTrip(RequestEvent.queued(Self.created))
        _ = try roundTrip(
            RequestEvent.jobsStarted(
                JobsStarted(requestId: UUID(), kind: .image, jobIds: [UUID()], workerId: workerId, workerName: "w",
                            workerOwnerId: 1, model: "m", startedAt: now, ttlSeconds: 150)))
        _ = try roundTrip(RequestEvent.jobCompleted(completed))
        _ = try roundTrip(
            RequestEvent.jobFailed(
                JobFailed(jobId: UUID(), requestId: UUID(), kind: .image, workerId: workerId, reason: .timedOut,
                          failedAt: now)))
        _ = try roundTrip(
            RequestEvent.finished(
                RequestFinished(requestId: UUID(), kind: .image, requesterId: 1, state: .cancelled, finishedAt: now)))
        _ = try roundTrip(
            LedgerCommand.adjust(KudosAdjustment(account: .user(5), amount: -3.25, reason: "admin", at: now)))
        _ = try roundTrip(
            LedgerEvent.balanceChanged(BalanceChanged(account: .worker(workerId), balance: 10, causedBy: UUID())))
        _ = try roundTrip(
            DeliveryEvent.finished(
                DeliveryOutcome(deliveryId: UUID(), requestId: UUID(), jobId: UUID(), url: "https://x", attempts: 3,
                                delivered: false, lastStatus: 500, at: now)))
    }

    @Test func envelopeCarriesTypeAndPayloadOnTheWire() throws {
        let envelope = Envelope(payload: RequestCommand.created(Self.created))
        let json = try JSONSerialization.jsonObject(with: Data(try WireCoding.encode(envelope))) as? [String: Any]
        #expect(json?["type"] as? String == "request.created")
        #expect(json?["schemaVersion"] as? Int == 1)
        let payload = json?["payload"] as? [String: Any]
        #expect(payload?["n"] as? Int == 3)
        #expect((payload?["payload"] as? [String: Any])?["steps"] as? Int == 30)
    }

    @Test func unknownTypesAndNewerSchemasAreRejected() throws {
        let unknown = #"{"id":"\#(UUID().uuidString)","type":"request.exploded","schemaVersion":1,"occurredAt":0,"payload":{}}"#
        #expect(throws: WireError.unknownType("request.exploded")) {
            try WireCoding.decode(RequestCommand.self, from: Array(unknown.utf8))
        }
        let newer = #"{"id":"\#(UUID().uuidString)","type":"request.cancelled","schemaVersion":9,"occurredAt":0,"payload":{}}"#
        #expect(throws: WireError.unsupportedSchemaVersion(9)) {
            try WireCoding.decode(RequestCommand.self, from: Array(newer.utf8))
        }
        #expect(throws: (any Error).self) { try WireCoding.decode(RequestCommand.self, from: Array("not json".utf8)) }
    }

    @Test func accountKeysParseBack() {
        let worker = UUID()
        for account in [AccountRef.user(0), .user(42), .worker(worker), .system("mint")] {
            #expect(AccountRef(key: account.description) == account)
        }
        #expect(AccountRef(key: "user:abc") == nil)
        #expect(AccountRef(key: "nobody") == nil)
        #expect(AccountRef(key: "team:1") == nil)
    }

    @Test func jsonValueKeepsIntegersIntegral() throws {
        let value: JSONValue = ["n_iter": 2, "cfg": 7.5, "ok": true, "list": [1, "a", nil]]
        let text = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        #expect(text.contains("\"n_iter\":2"))
        #expect(!text.contains("2.0"))
        #expect(text.contains("7.5"))
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) == value)
    }
}
