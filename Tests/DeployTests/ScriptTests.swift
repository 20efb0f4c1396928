import Foundation
import Testing

/// Every shell script of the local stack and CI.
private let scripts = ["deploy/local.sh", ".ci/run"] + ((try? Repository.files(in: "deploy/lib", suffix: ".sh")) ?? [])

@Suite("deploy/local.sh and .ci/run")
struct ScriptTests {
    @Test("parses with bash -n", arguments: scripts)
    func parses(script: String) async throws {
        let result = try await ChildProcess.run("/bin/bash", ["-n", Repository.path(script)])
        #expect(result.status == 0, "\(script): \(result.errorOutput)")
    }

    @Test(".ci/run is an executable bash script that runs the README's test command")
    func ciRunsTheTestCommand() throws {
        let text = try Repository.text(".ci/run")
        #expect(text.hasPrefix("#!/usr/bin/env bash\n"))
        #expect(text.contains("set -euo pipefail"))
        #expect(text.contains("exec deploy/local.sh test"))
        #expect(FileManager.default.isExecutableFile(atPath: Repository.path(".ci/run")))
        #expect(FileManager.default.isExecutableFile(atPath: Repository.path("deploy/local.sh")))
        #expect(try Repository.text("README.md").contains("deploy/local.sh test"))
    }

    @Test("derives the connection URLs from the HORDE_LOCAL_*_PORT overrides")
    func portOverrides() async throws {
        let environment = try await LocalStack.environment(
            of: "scheduler",
            overrides: [
                "HORDE_LOCAL_PG_PORT": "15999", "HORDE_LOCAL_REDIS_PORT": "16999", "HORDE_LOCAL_KAFKA_PORT": "19999",
                "HORDE_LOCAL_ADMIN_PORT_BASE": "8100",
            ])
        #expect(environment["HORDE_POSTGRES_URL"] == "postgresql://horde@127.0.0.1:15999/horde")
        #expect(environment["HORDE_REDIS_URL"] == "redis://127.0.0.1:16999/0")
        #expect(environment["HORDE_KAFKA_BROKERS"] == "127.0.0.1:19999")
        #expect(environment["HORDE_ADMIN_PORT"] == "8101")
    }

    @Test("gives each service its own admin port and the worker its in-cluster identity")
    func serviceEnvironments() async throws {
        var adminPorts: [String: String] = [:]
        for service in hordeServices {
            let environment = try await LocalStack.environment(
                of: service, overrides: ["HORDE_GATEWAY_PORT": "17001", "HORDE_LOCAL_ADMIN_PORT_BASE": ""])
            adminPorts[service] = environment["HORDE_ADMIN_PORT"]
            if service == "gateway" { #expect(environment["HORDE_GATEWAY_PORT"] == "17001") }
            if service == "notifier" { #expect(environment["HORDE_NOTIFIER_ALLOW_LOOPBACK"] == "true") }
            if service == "worker" {
                #expect(environment["HORDE_WORKER_MODE"] == "in-cluster")
                #expect(environment["HORDE_WORKER_NAME"] == "local-cpu-worker")
                #expect(environment.keys.contains("HORDE_WORKER_API_KEY"))
            }
        }
        #expect(adminPorts.count == hordeServices.count && Set(adminPorts.values).count == hordeServices.count)
        #expect(adminPorts["scheduler"] == "7101" && adminPorts["worker"] == "7104")
    }

    @Test("refuses an unknown command and an unknown service")
    func rejectsUnknownInput() async throws {
        let command = try await ChildProcess.run("/bin/bash", [Repository.path("deploy/local.sh"), "frobnicate"])
        #expect(command.status != 0)
        #expect(command.errorOutput.contains("unknown command 'frobnicate'"))
        let service = try await ChildProcess.run(
            "/bin/bash", [Repository.path("deploy/local.sh"), "print-env", "kafka"])
        #expect(service.status != 0)
        #expect(service.errorOutput.contains("unknown service 'kafka'"))
    }
}
