import Domain
import HordeCore
import Testing

@testable import Worker

@Suite("Worker configuration")
struct WorkerConfigTests {
    @Test func defaults() throws {
        let config = try WorkerConfig.fromEnvironment(Environment([:]))
        #expect(config.mode == .inCluster)
        #expect(config.gatewayURL == "http://127.0.0.1:7001")
        #expect(config.kinds == [.image, .text])
        #expect(config.imageModels == ["stable_diffusion"])
        #expect(config.textModels == ["horde/cpu-text-1B"])
        #expect(config.threads == 1)
        #expect(config.bridgeAgent.hasPrefix("horde-worker:\(WorkerVersion.current):"))
        #expect(BridgeAgent(config.bridgeAgent).rewardFactor == 1.0)
    }

    @Test func eachKindGetsItsOwnNameAndId() throws {
        let config = try WorkerConfig.fromEnvironment(Environment(["HORDE_WORKER_NAME": "box"]))
        let lanes = config.lanes(owner: UserDetailsBody(id: 7, username: "alice#7", trusted: true))
        #expect(lanes.map(\.name) == ["box-image", "box-text"])
        #expect(lanes[0].workerId == WorkerIdentity.id(forName: "box-image"))
        #expect(lanes[0].workerId != lanes[1].workerId)
        #expect(lanes[0].profile.ownerId == 7)
        #expect(lanes[0].profile.ownerTrusted)
        #expect(lanes[0].profile.kind == .image)
        #expect(lanes[1].profile.models == ["horde/cpu-text-1B"])
        #expect(lanes[1].popBody.maxLength == 512)
        #expect(lanes[0].replyAddress == lanes[0].workerId.uuidString.lowercased())
    }

    @Test func oneKindKeepsTheNameAsGiven() throws {
        let config = try WorkerConfig.fromEnvironment(
            Environment(["HORDE_WORKER_NAME": "box", "HORDE_WORKER_KINDS": "text", "HORDE_WORKER_MODE": "external"]))
        #expect(config.mode == .external)
        #expect(config.lanes(owner: nil).map(\.name) == ["box"])
    }

    @Test func modelsAreSplitByKind() {
        let (image, text) = WorkerConfig.splitModels(["sdxl", "koboldcpp/x-7B", "text:plain", "image:odd/name"])
        #expect(image == ["sdxl", "odd/name"])
        #expect(text == ["koboldcpp/x-7B", "plain"])
    }

    @Test func badSettingsAreStartupErrors() {
        #expect(throws: ConfigError.self) {
            try WorkerConfig.fromEnvironment(Environment(["HORDE_WORKER_MODE": "sideways"]))
        }
        #expect(throws: ConfigError.self) {
            try WorkerConfig.fromEnvironment(Environment(["HORDE_WORKER_KINDS": "audio"]))
        }
        #expect(throws: ConfigError.self) {
            try WorkerConfig.fromEnvironment(Environment(["HORDE_WORKER_THREADS": "0"]))
        }
        #expect(throws: ConfigError.self) {
            try WorkerConfig.fromEnvironment(Environment(["HORDE_WORKER_MODELS": "only-image"]))
        }
    }
}
