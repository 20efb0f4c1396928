/// SQL expressions for the worker lifecycle's figures, over `gateway.workers` aliased `w`.
enum WorkerLifecycleColumns {
    /// Aborts in the last hour since the worker's last abort penalty (`aborted_jobs`).
    static let abortedJobs = """
        (SELECT count(*) FROM gateway.worker_aborts a
         WHERE a.worker_id = w.id
           AND a.aborted_at > greatest(now() - interval '1 hour', coalesce(w.aborts_counted_since, '-infinity')))
        """
    /// Suspicions recorded against the worker (`suspicious`).
    static let suspicions = "(SELECT count(*) FROM gateway.worker_suspicions s WHERE s.worker_id = w.id)"
}
