import Foundation
import Messages
import Testing

@testable import Notifier

@Suite("Webhook payloads")
struct PayloadTests {
    let job = UUID()
    let request = UUID()
    let worker = UUID()

    private func generation(_ kind: WebhookForm, state: String = "ok") -> GenerationRecord {
        GenerationRecord(
            jobId: job, requestId: request, kind: kind, workerId: worker, workerName: "w1", model: "stable_diffusion",
            seed: "1234", state: state, result: kind == .image ? "iVBORw0KGgo=" : " once upon",
            genMetadata: [["type": "censorship", "value": "nsfw"]])
    }

    @Test func imagePayloadHasTheReferenceFields() throws {
        let body = try #require(WebhookPayload.body(for: generation(.image), kudos: 12.5).objectValue)
        #expect(Set(body.keys) == ["img", "seed", "worker_id", "worker_name", "model", "id", "censored", "gen_metadata", "request", "kudos"])
        #expect(body["img"] == "iVBORw0KGgo=")
        #expect(body["id"] == .string(job.uuidString.lowercased()))
        #expect(body["request"] == .string(request.uuidString.lowercased()))
        #expect(body["worker_id"] == .string(worker.uuidString.lowercased()))
        #expect(body["censored"] == false)
        #expect(body["kudos"] == 12.5)
        #expect(body["seed"] == "1234")
    }

    @Test func textPayloadHasStateNotCensored() throws {
        let body = try #require(WebhookPayload.body(for: generation(.text, state: "csam"), kudos: 1).objectValue)
        #expect(Set(body.keys) == ["text", "seed", "worker_id", "worker_name", "model", "id", "state", "gen_metadata", "request", "kudos"])
        #expect(body["text"] == " once upon")
        #expect(body["state"] == "csam")
    }

    @Test func interrogationPayloadCarriesTheFormAndItsResult() throws {
        var form = generation(.interrogation)
        form.model = "caption"
        form.result = #"{"caption":"a cat on a sofa"}"#
        let body = try #require(WebhookPayload.body(for: form, kudos: 2).objectValue)
        #expect(Set(body.keys) == ["form", "state", "result", "worker_id", "worker_name", "id", "request", "kudos"])
        #expect(body["form"] == "caption")
        #expect(body["state"] == "done")
        #expect(body["result"] == ["caption": "a cat on a sofa"])
        #expect(body["id"] == .string(job.uuidString.lowercased()))
        #expect(body["request"] == .string(request.uuidString.lowercased()))
        #expect(body["kudos"] == 2)
    }

    @Test func interrogationKindTextPicksTheFormShape() {
        #expect(WebhookForm(stored: "interrogation") == .interrogation)
        #expect(WebhookForm(stored: "text") == .text)
        #expect(WebhookForm(stored: "something-new") == .image)
    }

    @Test func censoredImagesAreFlagged() throws {
        #expect(WebhookPayload.body(for: generation(.image, state: "censored"), kudos: 1)["censored"] == true)
        #expect(WebhookPayload.body(for: generation(.image, state: "csam"), kudos: 1)["censored"] == true)
    }

    @Test func encodingIsStable() throws {
        let first = try WebhookPayload.encoded(for: generation(.image), kudos: 3)
        #expect(first == (try WebhookPayload.encoded(for: generation(.image), kudos: 3)))
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(first))["model"] == "stable_diffusion")
    }

    @Test func onlyDeliveredJobsWithAWebhookNeedADelivery() {
        func completed(webhook: String?, outcome: JobOutcome) -> JobCompleted {
            JobCompleted(
                jobId: job, requestId: request, kind: .image, requesterId: 1, workerId: worker, workerName: "w",
                workerOwnerId: 2, model: "m", outcome: outcome, cost: 10, reward: 9, rewardBeforeBridge: 12, things: 1,
                seed: "1", webhook: webhook, completedAt: Date(), seconds: 1, requestDone: true)
        }
        let delivery = Delivery(completed: completed(webhook: "https://x.example/h", outcome: .ok))
        #expect(delivery?.id == job)
        #expect(delivery?.kudos == 12)
        #expect(Delivery(completed: completed(webhook: "https://x.example/h", outcome: .censored)) != nil)
        #expect(Delivery(completed: completed(webhook: nil, outcome: .ok)) == nil)
        #expect(Delivery(completed: completed(webhook: "", outcome: .ok)) == nil)
        #expect(Delivery(completed: completed(webhook: "https://x.example/h", outcome: .faulted)) == nil)
    }

    @Test func outcomeEventIdsAreStablePerDelivery() {
        #expect(NotifierMain.outcomeEventId(for: job) == NotifierMain.outcomeEventId(for: job))
        #expect(NotifierMain.outcomeEventId(for: job) != NotifierMain.outcomeEventId(for: request))
    }
}
