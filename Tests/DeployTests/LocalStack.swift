/// The five Horde executables, named as in `deploy/local.sh` and `docker-compose.yml`.
let hordeServices = ["gateway", "scheduler", "ledger", "notifier", "worker"]

/// Questions the tests ask `deploy/local.sh` without starting anything.
enum LocalStack {
    /// The `KEY=VALUE` environment `deploy/local.sh up` gives `service` (`deploy/local.sh print-env`), with
    /// `overrides` added to the script's environment.
    static func environment(of service: String, overrides: [String: String] = [:]) async throws
        -> [String: String]
    {
        let result = try await ChildProcess.run(
            "/bin/bash", [Repository.path("deploy/local.sh"), "print-env", service], environment: overrides)
        guard result.status == 0 else {
            throw DeployTestError("deploy/local.sh print-env \(service) failed: \(result.errorOutput)")
        }
        var environment: [String: String] = [:]
        for line in result.output.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            environment[String(parts[0])] = String(parts[1])
        }
        return environment
    }
}
