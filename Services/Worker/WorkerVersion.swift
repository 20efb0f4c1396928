/// The worker's version, sent in `bridge_agent` and `Client-Agent`.
enum WorkerVersion {
    /// This build's version.
    static let current = "0.1.0"
    /// The bridge name the horde knows this worker by (full reward factor, validated text backend).
    static let bridgeName = "horde-worker"
}
