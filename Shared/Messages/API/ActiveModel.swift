/// `ActiveModel`: one model's workers and queue (`GET /v2/status/models`).
package struct ActiveModel: Codable, Sendable, Equatable {
    /// The model name.
    package var name: String
    /// Workers serving the model.
    package var count: Int
    /// Recent generation speed of those workers (things per second).
    package var performance: Double
    /// Pixelsteps (image) or tokens (text) waiting for the model.
    package var queued: Double
    /// Jobs waiting for the model.
    package var jobs: Double
    /// Seconds until the model's queue is cleared.
    package var eta: Int
    /// `image` or `text`.
    package var type: String

    /// A model's figures.
    package init(name: String, count: Int, performance: Double, queued: Double, jobs: Double, eta: Int, type: String) {
        self.name = name
        self.count = count
        self.performance = performance
        self.queued = queued
        self.jobs = jobs
        self.eta = eta
        self.type = type
    }
}
