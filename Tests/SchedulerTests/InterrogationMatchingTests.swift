import Foundation
import Messages
import Testing

@testable import Scheduler

/// The interrogation candidate filter and the waiting-form index, without Postgres or Kafka.
@Suite struct InterrogationMatchingTests {
    static func interrogation(
        user: Int = 5, priority: Double = 10, tiles: Int = 1, trustedWorkers: Bool = false, slowWorkers: Bool = true,
        safeIP: Bool = true, userTrusted: Bool = false, forms: [String] = ["caption"], createdAt: Date = Date()
    ) -> InterrogationCreated {
        InterrogationCreated(
            interrogationId: UUID(), userId: user, userTrusted: userTrusted, priority: priority, sourceURL: nil,
            imageTiles: tiles, trustedWorkers: trustedWorkers, slowWorkers: slowWorkers, safeIP: safeIP,
            forms: forms.map { InterrogationFormSpec(formId: UUID(), name: $0, kudos: 1, cost: 3) },
            createdAt: createdAt, expiresAt: createdAt.addingTimeInterval(1200))
    }

    static func waiting(_ request: InterrogationCreated) -> [WaitingForm] {
        WaitingForm.forms(of: request, waiting: Set(request.forms.map(\.formId)))
    }

    static func worker(
        owner: Int = 9, trusted: Bool = false, forms: [String] = ["caption"], maxTiles: Int = 16,
        maintenance: Bool = false, secondsPerForm: Double? = nil, priorityUsers: [Int] = []
    ) -> AlchemistProfile {
        AlchemistProfile(
            workerId: UUID(), name: "alchemist", ownerId: owner, ownerTrusted: trusted, forms: forms,
            maxTiles: maxTiles, priorityUserIds: priorityUsers, maintenance: maintenance,
            secondsPerForm: secondsPerForm)
    }

    @Test func aMatchingFormHasNoSkipReason() {
        let form = Self.waiting(Self.interrogation())[0]
        #expect(InterrogationMatching.skipReason(form, worker: Self.worker()) == nil)
    }

    @Test func eachRuleOfTheFilterSkipsUnderItsKey() {
        let worker = Self.worker()
        let tooBig = Self.waiting(Self.interrogation(tiles: 20))[0]
        #expect(InterrogationMatching.skipReason(tooBig, worker: worker) == .bridgeVersion)
        let trusted = Self.waiting(Self.interrogation(trustedWorkers: true))[0]
        #expect(InterrogationMatching.skipReason(trusted, worker: worker) == .untrusted)
        #expect(InterrogationMatching.skipReason(trusted, worker: Self.worker(trusted: true)) == nil)
        let unsafe = Self.waiting(Self.interrogation(safeIP: false))[0]
        #expect(InterrogationMatching.skipReason(unsafe, worker: worker) == .untrusted)
        let fast = Self.waiting(Self.interrogation(slowWorkers: false))[0]
        #expect(InterrogationMatching.skipReason(fast, worker: Self.worker(secondsPerForm: 12)) == .bridgeVersion)
        #expect(InterrogationMatching.skipReason(fast, worker: Self.worker(secondsPerForm: 4)) == nil)
    }

    @Test func aWorkerInMaintenanceServesOnlyItsOwner() {
        let worker = Self.worker(owner: 9, maintenance: true)
        let others = Self.waiting(Self.interrogation(user: 5))[0]
        let own = Self.waiting(Self.interrogation(user: 9))[0]
        #expect(InterrogationMatching.skipReason(others, worker: worker) == .workerId)
        #expect(InterrogationMatching.skipReason(own, worker: worker) == nil)
    }

    @Test func aPausedWorkerServesOnlyItsOwnerAndReportsNothing() {
        var worker = Self.worker(owner: 9)
        worker.paused = true
        let others = Self.waiting(Self.interrogation(user: 5))[0]
        let own = Self.waiting(Self.interrogation(user: 9))[0]
        #expect(InterrogationMatching.skipReason(others, worker: worker) == .secret)
        #expect(InterrogationMatching.skipReason(own, worker: worker) == nil)
        #expect(InterrogationMatching.skippedObject([.secret: 3]) == ["worker_id": 0, "untrusted": 0, "bridge_version": 0])
    }

    @Test func aWorkerWithoutFormsServesCaptionsAndTheSkippedObjectListsEveryKey() {
        #expect(InterrogationMatching.servedForms([]) == ["caption"])
        #expect(InterrogationMatching.servedForms(["nsfw", "nsfw", "caption"]) == ["nsfw", "caption"])
        #expect(
            InterrogationMatching.skippedObject([.untrusted: 2])
                == ["worker_id": 0, "untrusted": 2, "bridge_version": 0])
    }

    @Test func theIndexHandsOutServedFormsInQueueOrderOwnersFirst() async {
        let index = InterrogationIndex()
        let now = Date()
        let low = Self.interrogation(user: 1, priority: 5, forms: ["caption", "nsfw"], createdAt: now)
        let high = Self.interrogation(user: 2, priority: 50, forms: ["caption"], createdAt: now)
        let older = Self.interrogation(user: 3, priority: 50, forms: ["caption"], createdAt: now - 60)
        let owners = Self.interrogation(user: 9, priority: -100, forms: ["caption"], createdAt: now)
        for request in [low, high, older, owners] {
            for form in Self.waiting(request) { await index.add(form) }
        }
        let (forms, skipped) = await index.candidates(for: Self.worker(owner: 9), limit: 10)
        #expect(
            forms.map(\.interrogation.interrogationId)
                == [owners, older, high, low].map(\.interrogationId))
        #expect(forms.allSatisfy { $0.name == "caption" })
        #expect(skipped.isEmpty)

        let limited = await index.candidates(for: Self.worker(owner: 1, forms: ["nsfw", "caption"]), limit: 2)
        #expect(Set(limited.forms.map(\.name)) == ["caption", "nsfw"])
        #expect(limited.forms.allSatisfy { $0.interrogation.userId == 1 })

        for form in Self.waiting(owners) { await index.remove(form.formId) }
        #expect(await index.count == 4)
        let after = await index.candidates(for: Self.worker(owner: 9), limit: 1)
        #expect(after.forms.map(\.interrogation.interrogationId) == [older.interrogationId])
    }

    @Test func theIndexCountsFormsItPassedOver() async {
        let index = InterrogationIndex()
        for form in Self.waiting(Self.interrogation(tiles: 40, forms: ["caption"])) { await index.add(form) }
        for form in Self.waiting(Self.interrogation(trustedWorkers: true, forms: ["caption"])) { await index.add(form) }
        let (forms, skipped) = await index.candidates(for: Self.worker(maxTiles: 16), limit: 5)
        #expect(forms.isEmpty)
        #expect(skipped == [.bridgeVersion: 1, .untrusted: 1])
    }
}
