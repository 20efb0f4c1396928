import Foundation
import Messages

/// Turns the index's figures and the recently seen workers into the gateway's `QueueSnapshot` and the queue
/// positions of the first waiting requests.
enum QueueStatistics {
    /// How many waiting requests per kind get a position (the contract's 10,000).
    static let positionsLimit = 10_000

    /// One request's place and expected wait.
    struct Position: Sendable, Equatable {
        /// The request.
        let id: UUID
        /// 1-based place in the queue.
        let position: Int
        /// Seconds until its jobs are expected to start.
        let waitTime: Int
    }

    /// The per-model statistics of one kind: every model with waiting requests or an active worker.
    static func models(kind: RequestKind, figures: QueueFigures, workers: [WorkerActivity.Seen])
        -> [QueueSnapshot.ModelStats]
    {
        let workers = workers.filter { $0.kind == kind }
        var names = Set(figures.models.keys.filter { $0 != RequestIndex.anyModel })
        for worker in workers { names.formUnion(worker.models) }
        return names.sorted().map { name in
            let queue = figures.models[name] ?? QueueFigures.ModelQueue()
            let serving = workers.filter { $0.models.contains(name) }
            let performance = serving.reduce(0) { $0 + throughput($1) }
            let eta = performance > 0 ? Int((queue.things / performance).rounded(.up)) : 0
            return QueueSnapshot.ModelStats(
                kind: kind.rawValue, name: name, queuedRequests: queue.requests, queuedJobs: queue.jobs,
                queuedThings: queue.things, workers: serving.count, performance: performance, eta: eta)
        }
    }

    /// Positions of the head of one kind's queue: the wait of a request is the work queued ahead of it over the
    /// throughput of the workers of its kind (their average speed × the threads that work ahead can occupy).
    static func positions(kind: RequestKind, figures: QueueFigures, workers: [WorkerActivity.Seen]) -> [Position] {
        let workers = workers.filter { $0.kind == kind }
        let speeds = workers.map { $0.speed ?? WorkerActivity.defaultSpeed(kind) }
        let averageSpeed = speeds.isEmpty ? WorkerActivity.defaultSpeed(kind) : speeds.reduce(0, +) / Double(speeds.count)
        let threads = max(1, workers.reduce(0) { $0 + $1.threads })
        var thingsAhead = 0.0
        var jobsAhead = 0
        var positions: [Position] = []
        positions.reserveCapacity(figures.head.count)
        for (offset, entry) in figures.head.enumerated() {
            let parallel = Double(max(1, min(threads, jobsAhead)))
            let wait = thingsAhead / (averageSpeed * parallel)
            positions.append(Position(id: entry.id, position: offset + 1, waitTime: Int(min(wait, 1e9).rounded())))
            thingsAhead += Double(entry.waiting) * entry.thingsPerJob
            jobsAhead += entry.waiting
        }
        return positions
    }

    /// Things per second one worker delivers (its speed × its threads).
    static func throughput(_ worker: WorkerActivity.Seen) -> Double {
        (worker.speed ?? WorkerActivity.defaultSpeed(worker.kind)) * Double(worker.threads)
    }
}
