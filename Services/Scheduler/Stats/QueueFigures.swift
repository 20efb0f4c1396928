import Foundation
import Messages

/// What the index says about one kind's queue at one moment: the head of the queue in order, and per model the
/// requests, jobs and things waiting.
struct QueueFigures: Sendable {
    /// One waiting request near the head of the queue.
    struct Entry: Sendable {
        /// The request.
        let id: UUID
        /// Jobs still to hand out.
        let waiting: Int
        /// Pixelsteps or tokens per job.
        let thingsPerJob: Double
    }

    /// One model's queue.
    struct ModelQueue: Sendable {
        /// Requests accepting the model.
        var requests = 0
        /// Their jobs still to hand out.
        var jobs = 0
        /// Their things still to generate.
        var things = 0.0
    }

    /// The first requests in queue order (at most the limit asked for).
    var head: [Entry] = []
    /// Per model name (the "any model" bucket is `RequestIndex.anyModel`).
    var models: [String: ModelQueue] = [:]
    /// Things waiting in the whole queue of this kind.
    var totalThings = 0.0
    /// Requests waiting in the whole queue of this kind, each counted once.
    var totalRequests = 0
}

extension RequestIndex {
    /// The figures of `kind`'s queue, with the first `headLimit` requests in order; the per-model totals are kept
    /// by the index as it changes, so this costs the head walk only.
    func figures(_ kind: RequestKind, headLimit: Int) -> QueueFigures {
        var figures = QueueFigures()
        if let ordered = all[kind] {
            var cursor = ordered.start
            figures.head.reserveCapacity(min(headLimit, ordered.count))
            while figures.head.count < headLimit, let key = ordered.key(at: cursor) {
                if let entry = entries[key.id] {
                    figures.head.append(
                        .init(id: key.id, waiting: entry.waiting, thingsPerJob: entry.request.thingsPerJob))
                }
                cursor = ordered.advance(cursor)
            }
        }
        figures.models = modelTotals[kind] ?? [:]
        figures.totalThings = max(0, kindThings[kind] ?? 0)
        figures.totalRequests = count(kind)
        return figures
    }
}
