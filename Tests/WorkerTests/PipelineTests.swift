import Foundation
import HordeCore
import Messages
import Synchronization
import Testing

@testable import Worker

/// Hands out a fixed list of pop results, then idles.
private final class ScriptedSource: JobSource {
    private let results: Mutex<[PopResult]>
    let idleDelay: Duration = .milliseconds(5)
    init(_ results: [PopResult]) { self.results = Mutex(results) }
    func pop(for lane: WorkerLane) async throws -> PopResult {
        results.withLock { $0.isEmpty ? .idle(skipped: [:]) : $0.removeFirst() }
    }
}

/// A backend that never finishes (until cancelled) or always fails.
private struct StuckBackend: GenerationBackend {
    var fails = false
    func generateImages(_ parameters: ImageJobParameters, model: String) async throws -> [GeneratedImage] {
        if fails { throw CancellationError() }
        try await Task.sleep(for: .seconds(3600))
        return []
    }
    func generateText(_ parameters: TextJobParameters, model: String) async throws -> GeneratedText {
        if fails { throw CancellationError() }
        try await Task.sleep(for: .seconds(3600))
        return GeneratedText(text: "", seed: 0)
    }
}

@Suite("Worker pipeline")
struct PipelineTests {
    let logger = Logger(label: "test", level: .critical)

    private func lane(_ kind: RequestKind) throws -> WorkerLane {
        let config = try WorkerConfig.fromEnvironment(.init(["HORDE_WORKER_KINDS": kind.rawValue, "HORDE_WORKER_NAME": "p"]))
        return try #require(config.lanes(owner: nil).first)
    }

    private func api(_ transport: RecordingTransport) -> HordeAPIClient {
        HordeAPIClient(baseURL: "http://gw/", apiKey: "k3y", clientAgent: "horde-worker:0.1.0:unknown", transport: transport)
    }

    private func submits(_ transport: RecordingTransport) -> [RecordingTransport.Request] {
        transport.recorded.filter { $0.url.hasSuffix("/submit") }
    }

    @Test func imageBatchIsGeneratedAndEachImageSubmitted() async throws {
        let transport = RecordingTransport { _ in .init(status: 200, body: Array(#"{"reward": 10.5}"#.utf8)) }
        let executor = JobExecutor(backend: CPUBackend(), api: api(transport), logger: logger)
        let job = WorkerJob(
            kind: .image, jobIds: ["j1", "j2"], model: "stable_diffusion",
            payload: ["prompt": "a red fox", "width": 64, "height": 128, "seed": "100", "n_iter": 2], ttlSeconds: 60)
        let deliveries = await executor.deliver(job, try await executor.generate(job))
        #expect(deliveries == [.delivered(reward: 10.5), .delivered(reward: 10.5)])
        let sent = submits(transport)
        #expect(sent.map(\.url) == ["http://gw/api/v2/generate/submit", "http://gw/api/v2/generate/submit"])
        #expect(sent[0].header("apikey") == "k3y")
        #expect(sent[0].header("Client-Agent") == "horde-worker:0.1.0:unknown")
        #expect(sent.map { $0.json?["id"] } == ["j1", "j2"])
        #expect(sent.map { $0.json?["seed"] } == [100, 101])
        let base64 = try #require(sent[0].json?["generation"]?.stringValue)
        let image = try #require(Data(base64Encoded: base64))
        #expect(Array(image.prefix(8)) == PNGEncoder.signature)
        let decoded = try await Python.decodePNG(Array(image))
        #expect(decoded.width == 64 && decoded.height == 128)
        // Same payload and seed: the same file, as determinism promises.
        let again = try await executor.generate(job)
        guard case .images(let images) = again else { throw Python.Failure(description: "expected images") }
        #expect(images[0].data == Array(image))
    }

    @Test func textJobIsSubmittedToTheTextEndpoint() async throws {
        let transport = RecordingTransport { _ in .init(status: 200, body: Array(#"{"reward": 1}"#.utf8)) }
        let executor = JobExecutor(backend: CPUBackend(), api: api(transport), logger: logger)
        let job = WorkerJob(
            kind: .text, jobIds: ["t1"], model: "horde/cpu-text-1B", payload: ["prompt": "Hi", "max_length": 40],
            ttlSeconds: 150)
        _ = await executor.deliver(job, try await executor.generate(job))
        let sent = try #require(submits(transport).first)
        #expect(sent.url == "http://gw/api/v2/generate/text/submit")
        let text = try #require(sent.json?["generation"]?.stringValue)
        #expect((text.utf8.count + 3) / 4 <= 40)
        #expect(sent.json?["seed"] == nil)
    }

    @Test func transientSubmitFailuresAreRetriedAndPermanentOnesAreNot() async throws {
        let calls = Mutex(0)
        let transport = RecordingTransport { request in
            let n = calls.withLock { value -> Int in
                value += 1
                return value
            }
            if request.json?["id"] == "dup" { return RecordingTransport.json(400, #"{"message":"x","rc":"DuplicateGen"}"#) }
            return n < 3 ? RecordingTransport.json(503, "{}") : RecordingTransport.json(200, #"{"reward": 2}"#)
        }
        var executor = JobExecutor(backend: CPUBackend(), api: api(transport), logger: logger)
        executor.submitRetryDelay = .milliseconds(1)
        let job = WorkerJob(kind: .text, jobIds: ["ok"], model: "m", payload: ["prompt": "x"], ttlSeconds: nil)
        #expect(await executor.deliver(job, try await executor.generate(job)) == [.delivered(reward: 2)])
        #expect(submits(transport).count == 3)
        let dup = WorkerJob(kind: .text, jobIds: ["dup"], model: "m", payload: ["prompt": "x"], ttlSeconds: nil)
        let result = await executor.deliver(dup, try await executor.generate(dup))
        guard case .failed(let reason) = result.first else {
            Issue.record("expected a failure")
            return
        }
        #expect(reason.contains("DuplicateGen"))
        #expect(submits(transport).count == 4)
    }

    @Test func presignedUploadsAreUsedWhenOffered() async throws {
        let transport = RecordingTransport { request in
            request.method == "PUT" ? .init(status: 200, body: []) : RecordingTransport.json(200, #"{"reward": 1}"#)
        }
        let executor = JobExecutor(backend: CPUBackend(), api: api(transport), logger: logger)
        let job = WorkerJob(
            kind: .image, jobIds: ["j"], model: "m", payload: ["prompt": "x", "width": 64, "height": 64], ttlSeconds: nil,
            uploadURLs: ["https://bucket/put-here"])
        _ = await executor.deliver(job, try await executor.generate(job))
        let put = try #require(transport.recorded.first { $0.method == "PUT" })
        #expect(put.url == "https://bucket/put-here")
        #expect(put.header("apikey") == nil)
        #expect(Array(put.body.prefix(8)) == PNGEncoder.signature)
        #expect(submits(transport).first?.json?["generation"] == "R2")
    }

    @Test func failedGenerationIsGivenBack() async throws {
        let transport = RecordingTransport { _ in RecordingTransport.json(200, #"{"reward": 0}"#) }
        let executor = JobExecutor(backend: StuckBackend(fails: true), api: api(transport), logger: logger)
        let loop = LaneLoop(lane: try lane(.image), source: ScriptedSource([]), executor: executor, stop: StopSignal(), logger: logger)
        await loop.process(WorkerJob(kind: .image, jobIds: ["a", "b"], model: "m", payload: [:], ttlSeconds: nil))
        #expect(submits(transport).map { $0.json?["state"] } == ["faulted", "faulted"])
        #expect(submits(transport).map { $0.json?["id"] } == ["a", "b"])
    }

    @Test func shutdownGivesBackAJobThatCannotFinishInTheGracePeriod() async throws {
        let transport = RecordingTransport { _ in RecordingTransport.json(200, #"{"reward": 0}"#) }
        let executor = JobExecutor(backend: StuckBackend(), api: api(transport), logger: logger)
        let stop = StopSignal()
        let loop = LaneLoop(lane: try lane(.text), source: ScriptedSource([]), executor: executor, stop: stop, logger: logger)
        let started = ContinuousClock.now
        async let done = loop.process(WorkerJob(kind: .text, jobIds: ["slow"], model: "m", payload: [:], ttlSeconds: nil))
        try await Task.sleep(for: .milliseconds(50))
        stop.stop(grace: .milliseconds(100))
        _ = await done
        // The job would take an hour; the lane let go after the grace period (loose bound: a loaded machine).
        #expect(ContinuousClock.now - started < .seconds(60))
        #expect(submits(transport).map { $0.json?["state"] } == ["faulted"])
    }

    @Test func laneRunsJobsUntilStoppedAndGivesBackJobsPoppedWhileStopping() async throws {
        let transport = RecordingTransport { _ in RecordingTransport.json(200, #"{"reward": 3}"#) }
        let executor = JobExecutor(backend: CPUBackend(), api: api(transport), logger: logger)
        let first = WorkerJob(kind: .text, jobIds: ["first"], model: "m", payload: ["prompt": "a"], ttlSeconds: nil)
        let stop = StopSignal()
        let loop = LaneLoop(
            lane: try lane(.text), source: ScriptedSource([.idle(skipped: ["models": 1]), .job(first)]), executor: executor,
            stop: stop, logger: logger)
        let task = Task { await loop.run() }
        // Wait for the job to be delivered, then stop.
        for _ in 0..<200 where submits(transport).isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        stop.stop(grace: .seconds(1))
        await task.value
        #expect(submits(transport).map { $0.json?["state"] } == ["ok"])

        // A pop that was in flight when stopping began brings a job: it goes straight back.
        let late = WorkerJob(kind: .text, jobIds: ["late"], model: "m", payload: ["prompt": "a"], ttlSeconds: nil)
        let stopping = StopSignal()
        let gate = StopGateSource(job: late, stop: stopping)
        let second = LaneLoop(lane: try lane(.text), source: gate, executor: executor, stop: stopping, logger: logger)
        await second.run()
        #expect(submits(transport).last?.json?["id"] == "late")
        #expect(submits(transport).last?.json?["state"] == "faulted")
    }

    @Test func failingPopsBackOff() async throws {
        let transport = RecordingTransport { _ in throw URLError(.cannotConnectToHost) }
        let source = HTTPJobSource(api: api(transport), idleDelay: .milliseconds(1))
        let executor = JobExecutor(backend: CPUBackend(), api: api(transport), logger: logger)
        let stop = StopSignal()
        let loop = LaneLoop(
            lane: try lane(.image), source: source, executor: executor, stop: stop, logger: logger,
            errorBackoff: Backoff(initial: .milliseconds(100), maximum: .seconds(1)))
        let task = Task { await loop.run() }
        for _ in 0..<500 where transport.recorded.count < 3 { try await Task.sleep(for: .milliseconds(10)) }
        stop.stop(grace: .zero)
        await task.value
        let times = transport.recorded.map(\.at)
        #expect(times.count >= 3)
        guard times.count >= 3 else { return }
        // ~100 ms then ~200 ms (jitter takes at most a quarter off).
        #expect(times[1] - times[0] >= .milliseconds(75))
        #expect(times[2] - times[1] >= .milliseconds(150))
        #expect(transport.recorded.first?.url == "http://gw/api/v2/generate/pop")
    }

    @Test func backoffGrowsToItsCapAndResets() {
        var backoff = Backoff(initial: .seconds(1), maximum: .seconds(8))
        let delays = (0..<6).map { _ in backoff.nextDelay() }
        #expect(delays[0] <= .seconds(1) && delays[0] >= .milliseconds(750))
        #expect(delays[3] <= .seconds(8) && delays[3] >= .seconds(6))
        #expect(delays[5] <= .seconds(8))
        backoff.reset()
        #expect(backoff.nextDelay() <= .seconds(1))
    }
}

/// Stops the worker while its pop is in flight, then delivers a job for that pop.
private struct StopGateSource: JobSource {
    let job: WorkerJob
    let stop: StopSignal
    let idleDelay: Duration = .zero
    func pop(for lane: WorkerLane) async throws -> PopResult {
        stop.stop(grace: .seconds(1))
        return .job(job)
    }
}
