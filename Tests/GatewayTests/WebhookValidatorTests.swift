import Foundation
import Messages
import ServiceKit
import Testing

@testable import Gateway

@Suite("Webhook URLs at request time")
struct WebhookValidatorTests {
    let production = WebhookValidator(allowHTTP: false)
    let localStack = WebhookValidator(allowHTTP: true)

    @Test(arguments: ["https://example.com/hook", "https://hooks.example.org:8443/a?b=c", "https://[2606:4700::1]/x",
        "https://93.184.216.34/hook"])
    func publicHTTPSURLsAreAccepted(_ url: String) {
        #expect(production.problem(with: url) == nil)
    }

    @Test func lengthMustBeTenToTenTwentyFour() {
        #expect(production.problem(with: "https://a") != nil)
        #expect(production.problem(with: "https://ab") == nil)
        let long = "https://example.com/" + String(repeating: "a", count: 1004)
        #expect(long.count == 1024)
        #expect(production.problem(with: long) == nil)
        #expect(production.problem(with: long + "a") != nil)
    }

    @Test(arguments: ["http://example.com/hook", "ftp://example.com/hook", "file:///etc/passwd", "gopher://x.example/"])
    func onlyHTTPSInProduction(_ url: String) {
        #expect(production.problem(with: url) == "The webhook URL must start with https://")
    }

    @Test func plainHTTPOnlyWhereAllowed() {
        #expect(localStack.problem(with: "http://example.com/hook") == nil)
        #expect(localStack.problem(with: "ftp://example.com/hook") != nil)
    }

    @Test(arguments: [
        "https://127.0.0.1/hook", "https://localhost/hook", "https://LOCALHOST./hook", "https://api.localhost/hook",
        "https://10.0.0.5/hook", "https://192.168.1.1/hook", "https://172.16.0.1/hook", "https://100.64.0.1/hook",
        "https://169.254.169.254/latest/meta-data", "https://metadata.google.internal/x", "https://[::1]/hook",
        "https://[fd00:ec2::254]/hook", "https://[::ffff:127.0.0.1]/hook", "https://[::ffff:169.254.169.254]/x",
        "https://[fe80::1]/hook", "https://2130706433/hook", "https://0x7f.1/hook", "https://0177.0.0.1/hook",
        "https://127.1/hook", "https://0.0.0.0/hook", "https://printer.local/hook",
    ])
    func insideHostsAreRefusedUnlessAllowed(_ url: String) {
        #expect(production.problem(with: url) != nil)
        let allowed = WebhookValidator(allowHTTP: false, allowLocalHosts: true)
        #expect(allowed.problem(with: url) == nil)
    }

    @Test(arguments: ["https://224.0.0.1/hook", "https://[ff02::1]/hook", "https://240.0.0.1/hook", "https://192.0.2.1/x"])
    func multicastAndReservedAreRefusedAlways(_ url: String) {
        #expect(localStack.problem(with: url) != nil)
    }

    @Test func credentialsAndBadPortsAreRefused() {
        #expect(production.problem(with: "https://user:pw@example.com/hook") != nil)
        #expect(production.problem(with: "https://example.com:0/hook") != nil)
        #expect(production.problem(with: "https:///nohost/at/all") != nil)
    }

    @Test func localStackAcceptsLoopbackReceivers() {
        #expect(localStack.problem(with: "http://127.0.0.1:9/hook") == nil)
    }

    @Test func textRequestsReportTheWebhookAsASchemaError() async throws {
        let body = try TestSupport.body(
            GenerationInputKobold.self, #"{"prompt": "x", "webhook": "https://169.254.169.254/latest"}"#)
        let error = await expectHordeError(.validationError) {
            _ = try TextRequestValidator.validate(body, user: TestSupport.user(), allowHTTPWebhooks: false)
        }
        #expect(schemaErrors(error)["webhook"] != nil)
    }

    @Test func imageRequestsReportTheWebhookAsASchemaError() async throws {
        let body = try TestSupport.body(
            GenerationInputStable.self, #"{"prompt": "x", "webhook": "https://[::ffff:10.0.0.1]/hook"}"#)
        let error = await expectHordeError(.validationError) {
            _ = try ImageRequestValidator.validate(body, user: TestSupport.user(), allowHTTPWebhooks: false)
        }
        #expect(schemaErrors(error)["webhook"] != nil)
    }
}
