import Foundation
import Messages
import Testing

@testable import Gateway

@Suite("Status building")
struct StatusBuilderTests {
    private let now = Date(timeIntervalSince1970: 1_700_000_000)

    private func inputs(
        n: Int = 4, scheduler: StatusInputs.SchedulerState? = nil, jobs: StatusInputs.JobCounts = .init(),
        expiresIn: TimeInterval = 600
    ) -> StatusInputs {
        StatusInputs(kind: .image, n: n, expiresAt: now.addingTimeInterval(expiresIn), scheduler: scheduler, jobs: jobs)
    }

    @Test func unseenRequestsAreAllWaiting() throws {
        let (status, final) = try #require(StatusBuilder.check(inputs(), now: now))
        #expect(status == RequestStatusCheck(waiting: 4))
        #expect(!final)
        #expect(status.isPossible)
    }

    @Test func countsFollowTheJobs() throws {
        let jobs = StatusInputs.JobCounts(processing: 1, done: 2, faulted: 1, timedOut: 1, doneCost: 15.5)
        let (status, final) = try #require(
            StatusBuilder.check(inputs(scheduler: .init(state: "waiting", nWaiting: 1, expiresAt: nil), jobs: jobs), now: now))
        #expect(status.finished == 2)
        #expect(status.processing == 1)
        #expect(status.restarted == 2)
        #expect(status.waiting == 1)
        #expect(status.kudos == 16)
        #expect(!status.done && !final)
    }

    @Test func waitingNeverExceedsWhatIsLeft() throws {
        let jobs = StatusInputs.JobCounts(processing: 2, done: 2)
        let (status, _) = try #require(
            StatusBuilder.check(inputs(scheduler: .init(state: "waiting", nWaiting: 3, expiresAt: nil), jobs: jobs), now: now))
        #expect(status.waiting == 0)
    }

    @Test(arguments: ["done", "cancelled", "faulted"])
    func finishedStatesAreFinal(state: String) throws {
        let (status, final) = try #require(
            StatusBuilder.check(inputs(scheduler: .init(state: state, nWaiting: 0, expiresAt: nil)), now: now))
        #expect(status.done && final)
        #expect(status.faulted == (state == "faulted"))
        #expect(status.waiting == 0)
    }

    @Test func cancelledWithJobsInFlightIsNotDoneYet() throws {
        let (status, final) = try #require(
            StatusBuilder.check(
                inputs(scheduler: .init(state: "waiting", nWaiting: 0, expiresAt: nil), jobs: .init(processing: 2)),
                now: now))
        #expect(!status.done && !final)
        #expect(status.waiting == 0 && status.processing == 2)
    }

    @Test func expiredRequestsAreGone() {
        #expect(StatusBuilder.check(inputs(expiresIn: -1), now: now) == nil)
        #expect(StatusBuilder.check(inputs(scheduler: .init(state: "expired", nWaiting: 0, expiresAt: nil)), now: now) == nil)
        // The scheduler extends expiry on pops; its later expiry wins.
        let extended = inputs(scheduler: .init(state: "waiting", nWaiting: 1, expiresAt: now.addingTimeInterval(60)), expiresIn: -1)
        #expect(StatusBuilder.check(extended, now: now) != nil)
    }

    @Test func generationsInTheSwaggerShape() throws {
        let generation = StoredGeneration(
            jobId: UUID(), workerId: UUID(), workerName: "w", model: "m", seed: "123", state: "censored", result: "abc",
            genMetadata: [.init(type: "censorship", value: "nsfw")])
        let image = try jsonTree(try APICoding.encode(StatusBuilder.image(generation)))
        #expect(image["img"] == "abc")
        #expect(image["censored"] == true)
        #expect(image["seed"] == "123")
        #expect(image["worker_id"]?.stringValue == generation.workerId.uuidString.lowercased())
        #expect(image["gen_metadata"]?.arrayValue?.count == 1)
        let text = try jsonTree(try APICoding.encode(StatusBuilder.text(generation)))
        #expect(text["text"] == "abc")
        #expect(text["seed"] == 123)
        #expect(text["state"] == "censored")
    }

    @Test func fullStatusesFlattenTheCheckFields() throws {
        let status = RequestStatusStable(status: RequestStatusCheck(finished: 1, done: true), generations: [])
        let tree = try jsonTree(try APICoding.encode(status))
        #expect(tree["finished"] == 1)
        #expect(tree["done"] == true)
        #expect(tree["wait_time"] == 0)
        #expect(tree["queue_position"] == 0)
        #expect(tree["is_possible"] == true)
        #expect(tree["generations"] == [])
        #expect(tree["shared"] == false)
        let decoded = try APICoding.decoder().decode(RequestStatusStable.self, from: Data(try APICoding.encode(status)))
        #expect(decoded == status)
    }
}
