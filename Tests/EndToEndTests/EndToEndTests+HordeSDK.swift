import Foundation
import Testing

/// The Python `horde-sdk` from PyPI, used as a client and as a worker against the whole horde: its pydantic
/// models parse every answer, so a field of the wrong name or type fails here. Declared on `EndToEndTests` so it
/// runs serially with the other whole-horde test rather than as a second cluster beside it.
extension EndToEndTests {
    @Test func theSDKDrivesImageRequestsAndAWorkerThroughTheHorde() async throws {
        let cluster = try await HordeCluster.start()
        do {
            let admin = try cluster.createUser("sdk-admin", kudos: 100_000, trusted: true)
            try cluster.launch(
                "worker",
                environment: [
                    "HORDE_WORKER_MODE": "in-cluster", "HORDE_WORKER_API_KEY": admin.key,
                    "HORDE_WORKER_NAME": "sdk-cpu-worker",
                ])
            try await cluster.waitReady("worker")
            let script = cluster.workDir + "/sdk_flow.py"
            try HordeSDKFlow.script.write(toFile: script, atomically: true, encoding: .utf8)
            let (status, output) = try await HordeSDKFlow.run(
                [HordeSDKFlow.python, script],
                environment: ["AI_HORDE_URL": cluster.gatewayURL + "/api/", "SDK_API_KEY": admin.key],
                timeout: .seconds(180))
            #expect(status == 0, "\(output)")
            #expect(output.contains("content ok"), "\(output)")
            #expect(output.contains("client flow ok"), "\(output)")
            #expect(output.contains("worker flow ok"), "\(output)")
            if status != 0 { for service in HordeCluster.services { print("---- \(service)\n\(cluster.tail(service))") } }
        } catch {
            for service in HordeCluster.services { print("---- \(service)\n\(cluster.tail(service))") }
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }
}

/// What the SDK test runs: the Python interpreter, the script, and a way to run it without blocking a thread.
enum HordeSDKFlow {
    /// The venv `deploy/local.sh deps` builds (with `horde-sdk`), or `HORDE_SDK_PYTHON`.
    static var python: String {
        if let explicit = ProcessInfo.processInfo.environment["HORDE_SDK_PYTHON"] { return explicit }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        return root + "/.horde/venv/bin/python3"
    }

    /// Runs a process to its end (polling, so no thread blocks), returning its status and combined output.
    static func run(_ arguments: [String], environment: [String: String], timeout: Duration) async throws
        -> (Int32, String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let logURL = URL(fileURLWithPath: NSTemporaryDirectory() + "sdk-flow-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning { process.terminate() }
        while process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        try log.close()
        let output = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: logURL)
        return (process.terminationStatus, output)
    }

    /// The flow, in the SDK's own terms.
    static let script = #"""
        import os
        import sys
        import time

        from horde_sdk.ai_horde_api.ai_horde_clients import AIHordeAPIManualClient
        from horde_sdk.ai_horde_api.apimodels import (
            AIHordeGetTermsRequest,
            AIHordeHeartbeatRequest,
            ImageGenerateAsyncRequest,
            ImageGenerateCheckRequest,
            ImageGenerateJobPopRequest,
            ImageGenerateStatusRequest,
            ImageGenerationInputPayload,
            ImageGenerationJobSubmitRequest,
            NewsRequest,
        )
        from horde_sdk.ai_horde_api.consts import GENERATION_STATE
        from horde_sdk.generic_api.apimodels import RequestErrorResponse

        KEY = os.environ["SDK_API_KEY"]
        PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
        client = AIHordeAPIManualClient()


        def submit(request):
            response = client.submit_request(request, request.get_default_success_response_type())
            if isinstance(response, RequestErrorResponse):
                sys.exit(f"{type(request).__name__} refused: {response.message} ({response.rc})")
            return response


        def wait_done(job_id, seconds=120):
            deadline = time.time() + seconds
            while time.time() < deadline:
                check = submit(ImageGenerateCheckRequest(id=job_id))
                if check.done:
                    return check
                time.sleep(0.5)
            sys.exit(f"request {job_id} not done after {seconds}s")


        # The status and content endpoints parse.
        submit(AIHordeHeartbeatRequest())
        news = submit(NewsRequest())
        assert len(news.root) >= 1 and news.root[0].newspiece, news
        # (This SDK version sends a non-default document format as a GET body, so only the default is asked.)
        terms = submit(AIHordeGetTermsRequest())
        assert terms.html and terms.markdown is None, terms
        print("content ok", flush=True)

        # A requester: the in-cluster CPU worker serves the request.
        created = submit(
            ImageGenerateAsyncRequest(
                apikey=KEY,
                prompt="a lighthouse at dusk",
                params=ImageGenerationInputPayload(width=64, height=64, steps=5, n=1),
                models=["stable_diffusion"],
            )
        )
        wait_done(created.id_)
        status = submit(ImageGenerateStatusRequest(id=created.id_))
        assert status.done and len(status.generations) == 1, status
        assert status.generations[0].img, status
        print("client flow ok", flush=True)

        # A worker: a request for a model only this worker has, popped and submitted through the SDK.
        created = submit(
            ImageGenerateAsyncRequest(
                apikey=KEY,
                prompt="a quiet harbour",
                params=ImageGenerationInputPayload(width=64, height=64, steps=5, n=1),
                models=["sdk-test-model"],
            )
        )
        job = None
        deadline = time.time() + 60
        while job is None and time.time() < deadline:
            pop = submit(
                ImageGenerateJobPopRequest(
                    apikey=KEY,
                    name="sdk-test-worker",
                    models=["sdk-test-model"],
                    max_pixels=262144,
                    bridge_agent="AI Horde Worker reGen:9.0.0:https://github.com/Haidra-Org/horde-worker-reGen",
                )
            )
            if pop.ids:
                job = pop
            else:
                time.sleep(0.5)
        assert job is not None, "no job popped"
        assert job.model == "sdk-test-model", job
        assert job.payload.prompt == "a quiet harbour", job
        submitted = submit(
            ImageGenerationJobSubmitRequest(
                apikey=KEY, id=job.ids[0], generation=PNG, state=GENERATION_STATE.ok, seed=42
            )
        )
        assert submitted.reward >= 0, submitted
        wait_done(created.id_)
        status = submit(ImageGenerateStatusRequest(id=created.id_))
        assert status.generations[0].worker_name == "sdk-test-worker", status
        print("worker flow ok", flush=True)
        """#
}
