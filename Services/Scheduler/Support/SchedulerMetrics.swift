import HordeCore

/// The scheduler's counters and gauges (`/metrics`).
struct SchedulerMetrics: Sendable {
    /// Pops answered with jobs.
    let popsServed: Counter
    /// Pops answered without jobs.
    let popsEmpty: Counter
    /// Pops held open.
    let popsParked: Counter
    /// Pops dropped because their deadline had passed.
    let popsExpired: Counter
    /// Redelivered pops answered again.
    let popsReplayed: Counter
    /// Pops refused (unknown reply topic, unstorable worker).
    let popsRejected: Counter
    /// Claims that found nothing left.
    let claimsLost: Counter
    /// Requests stored for the first time.
    let requestsQueued: Counter
    /// Requests refused.
    let requestsRejected: Counter
    /// Cancellations applied.
    let cancellations: Counter
    /// Submissions settled.
    let settled: Counter
    /// Redelivered submissions.
    let settlementsReplayed: Counter
    /// Submissions that changed nothing.
    let submissionsIgnored: Counter
    /// Jobs timed out by the sweep.
    let jobsTimedOut: Counter
    /// Requests expired by the sweep.
    let requestsExpired: Counter
    /// Finished requests deleted after their expiry.
    let requestsDeleted: Counter
    /// Sweeps that failed.
    let sweepFailures: Counter
    /// Requests in the index.
    let waitingRequests: Gauge
    /// Pops held open now.
    let parkedPops: Gauge
    /// Seconds to handle one pop.
    let popLatency: Histogram

    /// Registers the scheduler's instruments (once per process; later calls get the same ones).
    init(registry: MetricsRegistry = .shared) {
        func counter(_ name: String, _ help: String, _ labels: [String: String] = [:]) -> Counter {
            registry.counter(name, help: help, labels: labels)
        }
        popsServed = counter("horde_scheduler_pops_total", "Pops answered", ["result": "served"])
        popsEmpty = counter("horde_scheduler_pops_total", "Pops answered", ["result": "empty"])
        popsParked = counter("horde_scheduler_pops_parked_total", "Pops held open for a matching request")
        popsExpired = counter("horde_scheduler_pops_total", "Pops answered", ["result": "expired"])
        popsReplayed = counter("horde_scheduler_pops_total", "Pops answered", ["result": "replayed"])
        popsRejected = counter("horde_scheduler_pops_total", "Pops answered", ["result": "rejected"])
        claimsLost = counter("horde_scheduler_claims_lost_total", "Claims that found nothing left to hand out")
        requestsQueued = counter("horde_scheduler_requests_total", "Request commands", ["result": "queued"])
        requestsRejected = counter("horde_scheduler_requests_total", "Request commands", ["result": "rejected"])
        cancellations = counter("horde_scheduler_requests_total", "Request commands", ["result": "cancelled"])
        settled = counter("horde_scheduler_submissions_total", "Submissions", ["result": "settled"])
        settlementsReplayed = counter("horde_scheduler_submissions_total", "Submissions", ["result": "replayed"])
        submissionsIgnored = counter("horde_scheduler_submissions_total", "Submissions", ["result": "ignored"])
        jobsTimedOut = counter("horde_scheduler_jobs_timed_out_total", "Jobs restarted after their TTL")
        requestsExpired = counter("horde_scheduler_requests_expired_total", "Requests expired while waiting")
        requestsDeleted = counter(
            "horde_scheduler_requests_deleted_total", "Finished requests deleted with their jobs after their expiry")
        sweepFailures = counter("horde_scheduler_sweep_failures_total", "Sweeps that failed")
        waitingRequests = registry.gauge("horde_scheduler_waiting_requests", help: "Requests in the index")
        parkedPops = registry.gauge("horde_scheduler_parked_pops", help: "Pops held open")
        popLatency = registry.histogram("horde_scheduler_pop_seconds", help: "Time to answer a pop")
    }
}
