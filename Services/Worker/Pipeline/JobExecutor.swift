import Foundation
import HordeCore
import Messages

/// Runs jobs: generates them with the backend and delivers every result to the gateway's submit endpoint,
/// retrying deliveries that fail for reasons that may pass (network, 5xx, 429).
struct JobExecutor: Sendable {
    /// What generates the results.
    let backend: any GenerationBackend
    /// Where results are submitted.
    let api: HordeAPIClient
    /// Logger for deliveries and give-backs.
    let logger: Logger
    /// Delivery attempts per job (Default: 5).
    var submitAttempts = 5
    /// The first pause between delivery attempts, doubled each time (Default: 1 s).
    var submitRetryDelay: Duration = .seconds(1)
    /// LoRa and textual inversion preparation (Default: names passed to the backend as they are).
    var extras = JobExtras(downloader: nil)

    /// How one job's delivery ended.
    enum Delivery: Equatable, Sendable {
        /// The gateway accepted it and paid `reward`.
        case delivered(reward: Double)
        /// The gateway refused it for good (the rc says why), or every attempt failed.
        case failed(String)
    }

    private static let metrics = MetricsRegistry.shared

    /// Generates every job of `job`. Throws when the backend fails or the task is cancelled.
    func generate(_ job: WorkerJob) async throws -> GenerationResult {
        let started = ContinuousClock.now
        defer {
            Self.metrics.histogram(
                "horde_worker_generation_seconds", help: "Time to generate one pop's jobs",
                labels: ["kind": job.kind.rawValue]
            ).observe(ContinuousClock.now - started)
        }
        switch job.kind {
        case .image:
            var parameters = ImageJobParameters(payload: job.payload, fallbackSeed: job.fallbackSeed)
            // The ids are what the gateway expects back; n_iter only echoes them.
            parameters.count = job.jobIds.count
            var metadata: [GenerationMetadata] = []
            if !parameters.loras.isEmpty || !parameters.textualInversions.isEmpty {
                (parameters, metadata) = await extras.prepare(parameters)
            }
            var images = try await backend.generateImages(parameters, model: job.model)
            if !metadata.isEmpty {
                for index in images.indices { images[index].metadata += metadata }
            }
            return .images(images)
        case .text:
            let parameters = TextJobParameters(payload: job.payload, fallbackSeed: job.fallbackSeed)
            var texts: [GeneratedText] = []
            for index in job.jobIds.indices {
                var each = parameters
                each.seed = (parameters.seed &+ UInt64(index)) & 0xFFFF_FFFF
                texts.append(try await backend.generateText(each, model: job.model))
            }
            return .texts(texts)
        case .interrogation:
            throw BackendError.unsupported(backend: "worker", reason: "alchemy forms are not run by this worker")
        }
    }

    /// Delivers each result under its job id. Never throws: failures are logged, counted and returned.
    func deliver(_ job: WorkerJob, _ result: GenerationResult) async -> [Delivery] {
        var deliveries: [Delivery] = []
        for (index, id) in job.jobIds.enumerated() {
            let body: SubmitRequestBody
            switch result {
            case .images(let images):
                guard index < images.count else {
                    deliveries.append(await submit(job.kind, .faulted(id: id)))
                    continue
                }
                let image = images[index]
                let generation = await uploadIfAsked(image, job: job, index: index)
                body = .image(id: id, generation: generation, seed: image.seed, metadata: image.metadata)
            case .texts(let texts):
                guard index < texts.count else {
                    deliveries.append(await submit(job.kind, .faulted(id: id)))
                    continue
                }
                body = .text(id: id, text: texts[index].text)
            }
            deliveries.append(await submit(job.kind, body))
        }
        return deliveries
    }

    /// Reports every job of `job` as faulted, so the gateway puts them back in the queue at once instead of after
    /// their TTL.
    func giveBack(_ job: WorkerJob, reason: String) async {
        logger.notice("giving jobs back", ["jobs": job.jobIds.joined(separator: ","), "reason": reason])
        for id in job.jobIds { _ = await submit(job.kind, .faulted(id: id)) }
    }

    /// Presigned URL given: PUT the image there and submit "R2". Upload failed: fall back to inline base64, which
    /// every gateway accepts.
    private func uploadIfAsked(_ image: GeneratedImage, job: WorkerJob, index: Int) async -> String {
        if index < job.uploadURLs.count {
            do {
                try await api.upload(image.data, to: job.uploadURLs[index], contentType: "image/png")
                return "R2"
            } catch {
                logger.notice("upload to presigned URL failed; sending inline", ["error": "\(error)"])
            }
        }
        return Data(image.data).base64EncodedString()
    }

    private func submit(_ kind: RequestKind, _ body: SubmitRequestBody) async -> Delivery {
        var delay = submitRetryDelay
        var lastError = "not attempted"
        for attempt in 1...max(1, submitAttempts) {
            do {
                let response = try await api.submit(kind, body)
                count(kind, outcome: body.state == "faulted" ? "given_back" : "delivered")
                return .delivered(reward: response.reward)
            } catch let error as HordeAPIError {
                lastError = error.description
                guard error.isRetriable, attempt < submitAttempts else { break }
                logger.info("submit failed; retrying", ["job.id": body.id, "attempt": "\(attempt)", "error": lastError])
            } catch {
                lastError = "\(error)"
                break
            }
            do { try await Task.sleep(for: delay) } catch { break }
            delay = delay * 2
        }
        count(kind, outcome: "submit_failed")
        logger.warning("submit failed", ["job.id": body.id, "state": body.state, "error": lastError])
        return .failed(lastError)
    }

    private func count(_ kind: RequestKind, outcome: String) {
        Self.metrics.counter(
            "horde_worker_jobs_total", help: "Jobs finished by this worker, by outcome",
            labels: ["kind": kind.rawValue, "outcome": outcome]
        ).increment()
    }
}
