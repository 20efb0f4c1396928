import Foundation

/// The scheduler's periodic picture of its queues, published to Redis for the gateway's `status/models`,
/// `status/performance` and the `queue_position`/`wait_time` of `check` and `status`. It is a cache: a missing or
/// stale snapshot costs accuracy, never data.
package struct QueueSnapshot: Codable, Sendable, Equatable {
    /// One model's queue and the workers serving it.
    package struct ModelStats: Codable, Sendable, Equatable {
        /// Image, text or interrogation.
        package var kind: String
        /// The model name as requested (for interrogation: the form name).
        package var name: String
        /// Waiting requests that accept this model.
        package var queuedRequests: Int
        /// Jobs still to hand out for those requests.
        package var queuedJobs: Int
        /// Pixelsteps (image) or tokens (text) still to generate.
        package var queuedThings: Double
        /// Workers that offered this model in the last 5 minutes.
        package var workers: Int
        /// Recent throughput of those workers, in things per second.
        package var performance: Double
        /// Seconds until the queue of this model drains at that throughput.
        package var eta: Int

        /// A model's figures.
        package init(
            kind: String, name: String, queuedRequests: Int, queuedJobs: Int, queuedThings: Double, workers: Int,
            performance: Double, eta: Int
        ) {
            self.kind = kind
            self.name = name
            self.queuedRequests = queuedRequests
            self.queuedJobs = queuedJobs
            self.queuedThings = queuedThings
            self.workers = workers
            self.performance = performance
            self.eta = eta
        }
    }

    /// One kind's whole queue, each request counted once however many models it lists.
    package struct KindTotals: Codable, Sendable, Equatable {
        /// Image, text or interrogation.
        package var kind: String
        /// Waiting requests.
        package var queuedRequests: Int
        /// Pixelsteps (image) or tokens (text) still to generate.
        package var queuedThings: Double

        /// A kind's totals.
        package init(kind: String, queuedRequests: Int, queuedThings: Double) {
            self.kind = kind
            self.queuedRequests = queuedRequests
            self.queuedThings = queuedThings
        }
    }

    /// When the scheduler took the snapshot.
    package var takenAt: Date
    /// Every model with queued work or an active worker.
    package var models: [ModelStats]
    /// Per-kind totals (`status/performance`); absent in snapshots of older schedulers.
    package var kinds: [KindTotals]?

    /// A snapshot.
    package init(takenAt: Date, models: [ModelStats], kinds: [KindTotals]? = nil) {
        self.takenAt = takenAt
        self.models = models
        self.kinds = kinds
    }
}

/// Where the scheduler keeps its snapshots in Redis; `prefix` is `HORDE_REDIS_PREFIX` (default `horde:`).
package enum QueueSnapshotKeys {
    /// A string key holding the JSON `QueueSnapshot` (written with `WireCoding`), with a 10 s TTL.
    package static func snapshot(prefix: String) -> String { "\(prefix)queue:snapshot" }

    /// A hash per kind ("image", "text", "interrogation"): field = request id (lowercase UUID), value =
    /// `"<queue_position> <wait_time_seconds>"`, for the first 10,000 waiting requests of that kind; the hash has a
    /// 5 s TTL. A request missing from it is either not waiting or further back than the hash reaches.
    package static func positions(prefix: String, kind: String) -> String { "\(prefix)queue:positions:\(kind)" }

    /// Encodes one position value.
    package static func encodePosition(queuePosition: Int, waitTime: Int) -> String { "\(queuePosition) \(waitTime)" }

    /// Decodes a position value; nil when malformed.
    package static func decodePosition(_ value: String) -> (queuePosition: Int, waitTime: Int)? {
        let parts = value.split(separator: " ")
        guard parts.count == 2, let position = Int(parts[0]), let wait = Int(parts[1]) else { return nil }
        return (position, wait)
    }
}
