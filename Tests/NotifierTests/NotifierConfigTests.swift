import HordeCore
import Messages
import Testing

@testable import Notifier

@Suite("Notifier configuration")
struct NotifierConfigTests {
    @Test func defaultsFollowTheWebhookRules() throws {
        let config = try NotifierConfig.fromEnvironment(Environment([:]))
        #expect(config.attempts == 3)
        #expect(config.attemptTimeout == .seconds(3))
        #expect(config.backoff == RetryBackoff(baseDelay: .seconds(1), maxDelay: .seconds(300)))
        #expect(config.perHostConcurrency == 4)
        #expect(config.signingSecret.isEmpty)
        #expect(!config.allowLoopback)
        #expect(config.consumerGroup == "\(Topics.prefix)notifier")
    }

    @Test func settingsAreReadAndChecked() throws {
        let config = try NotifierConfig.fromEnvironment(
            Environment(["HORDE_NOTIFIER_ALLOW_LOOPBACK": "true", "HORDE_NOTIFIER_ATTEMPTS": "5", "HORDE_NOTIFIER_LEASE": "30s"]))
        #expect(config.allowLoopback)
        #expect(config.attempts == 5)
        #expect(config.lease == .seconds(30))
        #expect(throws: ConfigError.self) { try NotifierConfig.fromEnvironment(Environment(["HORDE_NOTIFIER_ATTEMPTS": "2"])) }
        #expect(throws: ConfigError.self) {
            try NotifierConfig.fromEnvironment(
                Environment(["HORDE_NOTIFIER_BACKOFF_BASE": "10s", "HORDE_NOTIFIER_BACKOFF_MAX": "5s"]))
        }
        #expect(throws: ConfigError.self) {
            try NotifierConfig.fromEnvironment(Environment(["HORDE_NOTIFIER_PER_HOST_CONCURRENCY": "0"]))
        }
        #expect(throws: ConfigError.self) {
            try NotifierConfig.fromEnvironment(Environment(["HORDE_NOTIFIER_TIMEOUT": "20s"]))
        }
        #expect(throws: ConfigError.self) {
            try NotifierConfig.fromEnvironment(Environment(["HORDE_NOTIFIER_ALLOW_LOOPBACK": "maybe"]))
        }
    }
}
