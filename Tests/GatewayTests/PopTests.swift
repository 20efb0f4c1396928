import Foundation
import Messages
import ServiceKit
import Testing

@testable import Gateway

@Suite("Pops: worker checks, profiles and answers")
struct PopTests {
    @Test func onlyRegisteredActiveAccountsRunWorkers() async throws {
        await expectHordeError(.anonForbiddenWorker) { try PopRequestBuilder.requireWorkerOwner(TestSupport.anonymous) }
        await expectHordeError(.deletedUser) { try PopRequestBuilder.requireWorkerOwner(TestSupport.user(deleted: true)) }
        await expectHordeError(.workerFlaggedMaintenance) {
            try PopRequestBuilder.requireWorkerOwner(TestSupport.user(flagged: true))
        }
        try PopRequestBuilder.requireWorkerOwner(TestSupport.user())
    }

    @Test func popDefaultsFollowTheParser() throws {
        let input = try TestSupport.body(PopInputStable.self, #"{"name": "w1"}"#)
        #expect(input.base.nsfw)
        #expect(input.base.amount == 1 && input.base.threads == 1)
        #expect(input.base.bridgeAgent == "unknown:0:unknown")
        #expect(input.maxPixels == 262_144)
        #expect(input.allowImg2img && input.allowPainting && input.allowPostProcessing)
        #expect(!input.allowControlnet && !input.allowLora && !input.limitMaxSteps)
        let (checkIn, priority) = try PopRequestBuilder.image(input, user: TestSupport.user(), ipAddress: "10.0.0.1")
        #expect(checkIn.models == ["stable_diffusion"], "a worker that names no model serves stable_diffusion")
        #expect(priority.isEmpty)
        let text = try TestSupport.body(PopInputKobold.self, #"{"name": "t1"}"#)
        #expect(text.maxLength == 512 && text.maxContextLength == 2048)
    }

    @Test func popInputIsValidated() async {
        let user = TestSupport.user()
        let long = String(repeating: "n", count: 101)
        await expectHordeError(.tooLongWorkerName) {
            _ = try PopRequestBuilder.image(
                try TestSupport.body(PopInputStable.self, #"{"name": "\#(long)"}"#), user: user, ipAddress: "")
        }
        let error = await expectHordeError(.validationError) {
            _ = try PopRequestBuilder.image(
                try TestSupport.body(PopInputStable.self, #"{"name": "w", "amount": 21, "threads": 0, "models": ["ab"]}"#),
                user: user, ipAddress: "")
        }
        #expect(Set(schemaErrors(error).keys) == ["amount", "threads", "models.0"])
        await expectHordeError(.invalidPriorityUsername) {
            _ = try PopRequestBuilder.image(
                try TestSupport.body(PopInputStable.self, #"{"name": "w", "priority_usernames": ["bob"]}"#),
                user: user, ipAddress: "")
        }
    }

    @Test func profileCarriesWhatTheSchedulerMatchesOn() throws {
        let user = TestSupport.user(id: 42, trusted: true)
        let input = try TestSupport.body(
            PopInputStable.self,
            #"{"name": "w", "models": ["model1", "model1", "model2"], "amount": 4, "max_pixels": 1048576, "nsfw": false, "priority_usernames": ["alice#3"], "blacklist": ["averyveryverylongword"], "bridge_agent": "AI Horde Worker reGen:9.0.0:https://x"}"#)
        let (checkIn, priority) = try PopRequestBuilder.image(input, user: user, ipAddress: "")
        let record = WorkerRecord(id: UUID(), name: "w", ownerId: 42, kind: .image, maintenance: false, paused: false)
        let profile = PopRequestBuilder.profile(
            checkIn, record: record, owner: user, base: input.base, blacklist: input.blacklist, priorityUserIds: priority)
        #expect(profile.workerId == record.id)
        #expect(profile.models == ["model1", "model2"])
        #expect(profile.amount == 4)
        #expect(profile.maxPixels == 1_048_576)
        #expect(!profile.nsfw)
        #expect(profile.ownerTrusted)
        #expect(profile.priorityUserIds == [3])
        #expect(profile.blacklist == ["averyveryverylo"])
        #expect(profile.bridgeAgent.hasPrefix("AI Horde Worker reGen"))
    }

    @Test func anEmptyImagePopListsTheStandardSkipReasons() throws {
        let reply = PopReply(popId: UUID(), replyTo: "gw", workerId: UUID(), assignment: nil, skipped: ["models": 3, "max_pixels": 1])
        let answer = PopResponseBuilder.image(reply)
        let tree = try jsonTree(try APICoding.encode(answer))
        #expect(tree["id"] == .null, "id is written as null, not left out")
        #expect(tree["ids"] == [])
        #expect(tree["payload"] == .object([:]), "an empty payload object, which clients such as horde-sdk require")
        #expect(tree["skipped"]?["models"] == 3)
        #expect(tree["skipped"]?["max_pixels"] == 1)
        for key in GenerationPayloadStable.alwaysSkippedKeys { #expect(tree["skipped"]?[key] != nil) }
        #expect(PopResponseBuilder.image(nil).id == nil, "a timeout also reads as nothing to do")
    }

    @Test func anImageJobIsAnsweredInTheSwaggerShape() throws {
        let ids = [UUID(), UUID()]
        let assignment = JobAssignment(
            requestId: UUID(), kind: .image, jobIds: ids, model: "stable_diffusion",
            payload: ["prompt": "cat", "seed": 42, "n_iter": 2, "ddim_steps": 30], ttlSeconds: 150)
        let answer = PopResponseBuilder.image(
            PopReply(popId: UUID(), replyTo: "gw", workerId: UUID(), assignment: assignment))
        let tree = try jsonTree(try APICoding.encode(answer))
        #expect(tree["id"]?.stringValue == ids[0].uuidString.lowercased())
        #expect(tree["ids"]?.arrayValue?.compactMap(\.stringValue) == ids.map { $0.uuidString.lowercased() })
        #expect(tree["payload"]?["n_iter"] == 2)
        #expect(tree["payload"]?["seed"] == 42)
        #expect(tree["model"] == "stable_diffusion")
        #expect(tree["ttl"] == 150)
        #expect(tree["skipped"] == [:])
    }

    @Test func aTextJobLiftsTheSoftPrompt() throws {
        let assignment = JobAssignment(
            requestId: UUID(), kind: .text, jobIds: [UUID()], model: "m",
            payload: ["prompt": "hi", "n": 1, "softprompt": "sp", "max_length": 80], ttlSeconds: 150)
        let answer = PopResponseBuilder.text(PopReply(popId: UUID(), replyTo: "gw", workerId: UUID(), assignment: assignment))
        #expect(answer.softprompt == "sp")
        #expect(answer.payload?["softprompt"] == nil)
        #expect(answer.payload?["n"] == 1)
        let none = try jsonTree(try APICoding.encode(PopResponseBuilder.text(nil)))
        #expect(none["id"] == .null)
    }
}
