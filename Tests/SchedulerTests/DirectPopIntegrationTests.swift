import Foundation
import HTTP
import HordeCore
import HordeTestSupport
import Messages
import Testing

@testable import Scheduler

/// The gateway's pops over HTTP (`POST /internal/v1/pop` on the admin port), against the real Postgres and Kafka:
/// the same claim as a pop over Kafka, answered in the response.
@Suite(.serialized, .enabled(if: IntegrationSupport.enabled), .timeLimit(.minutes(5)))
struct DirectPopIntegrationTests {
    typealias Base = SchedulerIntegrationTests

    /// The admin router of `scheduler` with the pop route, as `horde-scheduler` serves it.
    static func handler(_ scheduler: RunningScheduler, token: String = "") -> HTTPHandler {
        var router = Router()
        DirectPopRoute.install(
            on: &router, dispatcher: scheduler.app.dispatcher, interrogations: nil, uptime: scheduler.app.uptime,
            token: token)
        return router.handler()
    }

    static func post(_ handler: HTTPHandler, _ body: [UInt8], headers: HTTPHeaders = .init()) async -> HTTPResponse {
        await handler(HTTPRequest(method: .POST, target: DirectPopRoute.path, headers: headers, body: body))
    }

    static func pop(_ handler: HTTPHandler, _ worker: WorkerProfile, headers: HTTPHeaders = .init()) async throws
        -> (status: Int, reply: PopReply?)
    {
        let pop = PopRequest(
            worker: worker, replyTopic: "unused", replyTo: "gateway-it", waitMilliseconds: 0,
            deadline: Date() + 10)
        let response = await post(handler, Array(try WireCoding.encoder().encode(pop)), headers: headers)
        guard response.status == 200 else { return (response.status, nil) }
        return (200, try WireCoding.decoder().decode(PopReply.self, from: Data(response.body)))
    }

    @Test func aDirectPopClaimsJobsAndAnswersInTheResponse() async throws {
        try await Base.withScheduler { scheduler, events, _, _ in
            let model = "direct-\(UUID().uuidString.prefix(8))"
            let request = Base.request(model: model, n: 2)
            try await Base.send(scheduler, request)
            #expect(try await Base.queued(request, in: events))
            let handler = Self.handler(scheduler)
            let worker = Base.worker(model: model)

            let first = try await Self.pop(handler, worker)
            #expect(first.status == 200)
            let assignment = try #require(first.reply?.assignment)
            #expect(assignment.requestId == request.requestId)
            #expect(assignment.jobIds.count == 1)
            #expect(first.reply?.workerId == worker.workerId)
            // The claim is durable before the answer: one job in flight, one still waiting.
            #expect(try await Base.requestRow(scheduler, request.requestId)?.waiting == 1)
            #expect(try await Base.jobStates(scheduler, request.requestId) == ["processing"])
            let jobId = assignment.jobIds[0]
            let started = try await events.first {
                if case .jobsStarted(let started) = $0.payload { return started.jobIds == [jobId] }
                return false
            }
            #expect(started != nil, "jobs.started is still announced")

            let second = try await Self.pop(handler, worker)
            #expect(second.reply?.assignment?.jobIds.count == 1)
            #expect(second.reply?.assignment?.jobIds != assignment.jobIds)
            #expect(try await Base.requestRow(scheduler, request.requestId)?.waiting == 0)

            // Nothing left: an empty answer with the reasons, and no job written.
            let third = try await Self.pop(handler, Base.worker(model: "\(model)-other"))
            #expect(third.status == 200)
            #expect(third.reply?.assignment == nil)
            #expect((third.reply?.skipped["models"] ?? 0) >= 0)
            #expect(try await Base.jobStates(scheduler, request.requestId).count == 2)
        }
    }

    @Test func aTokenIsRequiredWhenTheOperatorSetOne() async throws {
        try await Base.withScheduler { scheduler, events, _, _ in
            let model = "direct-token-\(UUID().uuidString.prefix(8))"
            let request = Base.request(model: model, n: 1)
            try await Base.send(scheduler, request)
            #expect(try await Base.queued(request, in: events))
            let handler = Self.handler(scheduler, token: "s3cret-token")
            let worker = Base.worker(model: model)

            #expect(try await Self.pop(handler, worker).status == 401)
            #expect(try await Self.pop(handler, worker, headers: [DirectPopRoute.tokenHeader: "wrong"]).status == 401)
            #expect(try await Base.requestRow(scheduler, request.requestId)?.waiting == 1, "a refused pop claims nothing")
            let served = try await Self.pop(handler, worker, headers: [DirectPopRoute.tokenHeader: "s3cret-token"])
            #expect(served.reply?.assignment?.requestId == request.requestId)
        }
    }

    @Test func aBodyThatIsNotAPopIsRefused() async throws {
        try await Base.withScheduler { scheduler, _, _, _ in
            let handler = Self.handler(scheduler)
            for body in ["", "{", "{\"popId\": 3}", "[]"] {
                let response = await Self.post(handler, Array(body.utf8))
                #expect(response.status == 400, "body \(body)")
            }
        }
    }
}
