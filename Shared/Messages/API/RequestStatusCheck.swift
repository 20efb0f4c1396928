/// `RequestStatusCheck`: the lite status of a request (`GET /v2/generate/check/{id}`), also the head of the full
/// image and text statuses.
package struct RequestStatusCheck: Codable, Sendable, Equatable {
    /// Jobs delivered.
    package var finished: Int
    /// Jobs a worker is generating now.
    package var processing: Int
    /// Jobs that timed out or were reported faulted, and went back to the queue.
    package var restarted: Int
    /// Jobs not yet handed to a worker.
    package var waiting: Int
    /// True once nothing is left to do (all delivered, cancelled and drained, or faulted).
    package var done: Bool
    /// True when the request failed for good.
    package var faulted: Bool
    /// Expected seconds until the request is done.
    package var waitTime: Int
    /// 1-based position in the queue; 0 when nothing is waiting.
    package var queuePosition: Int
    /// Kudos consumed so far.
    package var kudos: Double
    /// False when no worker could serve the request.
    package var isPossible: Bool

    /// A status.
    package init(
        finished: Int = 0, processing: Int = 0, restarted: Int = 0, waiting: Int = 0, done: Bool = false,
        faulted: Bool = false, waitTime: Int = 0, queuePosition: Int = 0, kudos: Double = 0, isPossible: Bool = true
    ) {
        self.finished = finished
        self.processing = processing
        self.restarted = restarted
        self.waiting = waiting
        self.done = done
        self.faulted = faulted
        self.waitTime = waitTime
        self.queuePosition = queuePosition
        self.kudos = kudos
        self.isPossible = isPossible
    }

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case finished, processing, restarted, waiting, done, faulted
        case waitTime = "wait_time"
        case queuePosition = "queue_position"
        case kudos
        case isPossible = "is_possible"
    }
}
