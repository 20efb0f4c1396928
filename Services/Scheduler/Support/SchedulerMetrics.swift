import HordeCore

/// The scheduler's counters and gauges (`/metrics`).
struct SchedulerMetrics: Sendable {
    let popsServed: Counter
    let popsEmpty: Counter
    let popsParked: Counter
    let popsExpired: Counter
    let popsReplayed: Counter
    let popsRejected: Counter
    let claimsLost: Counter
    let requestsQueued: Counter
    let requestsRejected: Counter
    let cancellations: Counter
    let settled: Counter
    let settlementsReplayed: Counter
    let submissionsIgnored: Counter
    let jobsTimedOut: Counter
    let requestsExpired: Counter
    let sweepFailures: Counter
    let waitingRequests: Gauge
    let parkedPops: Gauge
    let popLatency: Histogram

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
        sweepFailures = counter("horde_scheduler_sweep_failures_total", "Sweeps that failed")
        waitingRequests = registry.gauge("horde_scheduler_waiting_requests", help: "Requests in the index")
        parkedPops = registry.gauge("horde_scheduler_parked_pops", help: "Pops held open")
        popLatency = registry.histogram("horde_scheduler_pop_seconds", help: "Time to answer a pop")
    }
}
