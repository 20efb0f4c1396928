import Foundation
import HordeCore
import Messages
import ServiceKit
import Testing

@testable import Gateway

@Suite("Accounts rules without a database")
struct AccountsTests {
    @Test func adminsAreReadAsIdsOrAliases() throws {
        #expect(try GatewayConfig.adminIds(["1", "db0#42", " 7 "]) == [1, 42, 7])
        #expect(throws: ConfigError.self) { try GatewayConfig.adminIds(["db0"]) }
        #expect(throws: ConfigError.self) { try GatewayConfig.adminIds(["0"]) }
        let config = try GatewayConfig.fromEnvironment(Environment(["HORDE_ADMINS": "3,alias#5"]))
        #expect(config.admins == [3, 5])
        #expect(try GatewayConfig.fromEnvironment(Environment([:])).admins.isEmpty)
    }

    @Test func profanityIsFoundAsWholeWordsThroughLeetspeak() {
        #expect(ProfanityCheck.isProfane("big SHIT"))
        #expect(ProfanityCheck.isProfane("sh1t happens"))
        #expect(ProfanityCheck.isProfane("f.u.c.k") == false, "single letters are not words")
        #expect(!ProfanityCheck.isProfane("Scunthorpe painter"))
        #expect(!ProfanityCheck.isProfane("cockpit-worker"))
    }

    @Test func namesAreSanitised() {
        #expect(UserModification.sanitize("  <b>Jane</b> Doe ") == "Jane Doe")
        #expect(UserModification.sanitize("<script>alert(1)</script>") == "alert(1)")
        #expect(UserModification.sanitize("a < b") == "a < b", "a lone bracket is text")
    }

    @Test func sharedKeyDefaultsAndLimits() throws {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(SharedKeysHandler.expiry(-1, now: now) == nil)
        #expect(SharedKeysHandler.expiry(0, now: now) == nil)
        #expect(SharedKeysHandler.expiry(2, now: now) == now.addingTimeInterval(2 * 86_400))
        var input = SharedKeyInput()
        input.maxImageSteps = 501
        input.kudos = -2
        #expect(throws: HordeError.self) { try SharedKeysHandler.validate(input) }
        #expect(throws: Never.self) { try SharedKeysHandler.validate(SharedKeyInput()) }
        #expect(SharedKeysHandler.maxKeys(for: TestSupport.user()) == 3)
        #expect(SharedKeysHandler.maxKeys(for: TestSupport.user(trusted: true)) == 10)
        var education = TestSupport.user()
        education.education = true
        #expect(SharedKeysHandler.maxKeys(for: education) == 1000)
    }

    @Test func sharedKeyBodiesNameTheirBadIntegers() async {
        let error = await expectHordeError(.validationError) {
            _ = try TestSupport.body(SharedKeyInput.self, #"{"kudos": 1.5}"#)
        }
        #expect(schemaErrors(error)["kudos"] != nil)
    }

    @Test func workerNamesAndInfosOverTheLimitHaveTheirOwnRc() async {
        var input = ModifyWorkerInput()
        input.name = String(repeating: "n", count: 101)
        await expectHordeError(.tooLongWorkerName) { try WorkerModification.validateSchema(input) }
        input.name = "abc"
        await expectHordeError(.validationError) { try WorkerModification.validateSchema(input) }
        input.name = nil
        input.info = String(repeating: "i", count: 1001)
        await expectHordeError(.tooLongWorkerName) { try WorkerModification.validateSchema(input) }
    }
}
