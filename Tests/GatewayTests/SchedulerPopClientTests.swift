import Foundation
import HTTP
import HordeCore
import Messages
import Synchronization
import Testing

@testable import Gateway

/// The gateway's direct pops against loopback stand-ins of scheduler instances: which answer wins, how empty
/// answers combine, and what an unreachable instance costs.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct SchedulerPopClientTests {
    /// A scheduler instance's pop route that answers with `assignment` (or empty with `skipped`) and records the
    /// headers it saw.
    final class FakeInstance: Sendable {
        private let server: HTTPServer
        let port: Int
        let tokens = TokenLog()

        init(assignment: JobAssignment?, skipped: [String: Int] = [:]) async throws {
            let tokens = self.tokens
            var router = Router()
            router.add(.POST, "/internal/v1/pop") { request in
                tokens.add(request.headers["X-Horde-Internal-Token"])
                let pop = try WireCoding.decoder().decode(PopRequest.self, from: Data(request.body))
                let reply = PopReply(
                    popId: pop.popId, replyTo: pop.replyTo, workerId: pop.worker.workerId, assignment: assignment,
                    skipped: skipped)
                return .json(200, raw: Array(try WireCoding.encoder().encode(reply)))
            }
            var config = HTTPServerConfig()
            config.port = 0
            config.shutdownGracePeriod = .milliseconds(100)
            server = HTTPServer(config: config, logger: Logger(label: "fake-scheduler", level: .critical), handler: router.handler())
            port = try await server.start()
            Task { [server] in try? await server.run() }
        }

        var url: String { "http://127.0.0.1:\(port)" }
        var calls: Int { tokens.all.count }
        func close() async { await server.shutdown() }
    }

    /// The token header of every call, in order.
    final class TokenLog: Sendable {
        private let tokens = Mutex<[String?]>([])
        func add(_ token: String?) { tokens.withLock { $0.append(token) } }
        var all: [String?] { tokens.withLock { $0 } }
    }

    static let worker = WorkerProfile(
        workerId: UUID(), name: "client-test", ownerId: 5, ownerTrusted: true, kind: .image, models: ["m"],
        bridgeAgent: "horde-worker:1.0:local", nsfw: false, maxPixels: 262_144, maxLength: 512,
        maxContextLength: 4096, amount: 1)

    static func pop() -> PopRequest {
        PopRequest(worker: worker, replyTopic: "unused", replyTo: "gw", waitMilliseconds: 0, deadline: Date() + 5)
    }

    static let job = JobAssignment(
        requestId: UUID(), kind: .image, jobIds: [UUID()], model: "m", payload: ["prompt": "a fox"], ttlSeconds: 150)

    static func client(_ urls: [String], token: String = "") -> SchedulerPopClient {
        SchedulerPopClient(baseURLs: urls, token: token, logger: Logger(label: "test", level: .critical))
    }

    @Test func theInstanceWithAJobAnswersWhicheverIsAskedFirst() async throws {
        let empty = try await FakeInstance(assignment: nil, skipped: ["models": 2])
        let busy = try await FakeInstance(assignment: Self.job)
        let client = Self.client([empty.url, busy.url])
        for _ in 0..<4 {
            let reply = await client.ask(Self.pop(), timeout: .seconds(5))
            #expect(reply?.assignment == Self.job)
        }
        // Asking starts at a different instance each time, so the empty one was asked only on some pops.
        #expect(busy.calls == 4)
        #expect(empty.calls == 2)
        await empty.close()
        await busy.close()
    }

    @Test func emptyAnswersAddUpTheirSkippedReasons() async throws {
        let first = try await FakeInstance(assignment: nil, skipped: ["models": 2, "nsfw": 1])
        let second = try await FakeInstance(assignment: nil, skipped: ["models": 3])
        let reply = await Self.client([first.url, second.url]).ask(Self.pop(), timeout: .seconds(5))
        #expect(reply != nil)
        #expect(reply?.assignment == nil)
        #expect(reply?.skipped == ["models": 5, "nsfw": 1])
        await first.close()
        await second.close()
    }

    @Test func anUnreachableInstanceIsPassedOver() async throws {
        let live = try await FakeInstance(assignment: Self.job)
        let gone = try await FakeInstance(assignment: nil)
        let goneURL = gone.url
        await gone.close()
        let client = Self.client([goneURL, live.url])
        for _ in 0..<2 {
            #expect(await client.ask(Self.pop(), timeout: .seconds(5))?.assignment == Self.job)
        }
        #expect(await Self.client([goneURL]).ask(Self.pop(), timeout: .seconds(2)) == nil)
        await live.close()
    }

    @Test func theInternalTokenIsSentWhenConfigured() async throws {
        let instance = try await FakeInstance(assignment: Self.job)
        _ = await Self.client([instance.url], token: "t0ken").ask(Self.pop(), timeout: .seconds(5))
        _ = await Self.client([instance.url + "/"]).ask(Self.pop(), timeout: .seconds(5))
        #expect(instance.tokens.all == ["t0ken", nil])
        await instance.close()
    }
}
