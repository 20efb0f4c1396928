/// `AddWorkerTimeout`: the body of `PUT /v2/operations/block_worker_ipaddr/{worker_id}`.
package struct AddWorkerTimeout: Codable, Sendable, Equatable {
    /// How long the worker's IP stays blocked, in days (1–30).
    package var days: Int

    /// A block.
    package init(days: Int) { self.days = days }
}
