import Foundation
import Messages
import ServiceKit
import Testing

@testable import Gateway

@Suite("Request bodies: malformed and mistyped input")
struct JSONBodyTests {
    @Test func malformedJSONIsABadRequest() async {
        let error = await expectHordeError(.badRequest) {
            _ = try TestSupport.body(GenerationInputStable.self, #"{"prompt": "a cat",,}"#)
        }
        #expect(error?.response.status == 400)
    }

    @Test func aBodyThatIsNotAnObjectIsASchemaError() async {
        await expectHordeError(.validationError) { _ = try TestSupport.body(GenerationInputStable.self, "[1, 2]") }
        await expectHordeError(.validationError) { _ = try TestSupport.body(GenerationInputStable.self, "\"text\"") }
    }

    @Test func missingRequiredFieldIsNamed() async {
        let error = await expectHordeError(.validationError) {
            _ = try TestSupport.body(GenerationInputStable.self, #"{"params": {"n": 1}}"#)
        }
        #expect(schemaErrors(error)["prompt"] != nil)
        #expect(error?.message == "Input payload validation failed")
    }

    @Test func emptyBodyReportsTheMissingFields() async {
        let error = await expectHordeError(.validationError) { _ = try TestSupport.body(PopInputStable.self, "  ") }
        #expect(schemaErrors(error)["name"] != nil)
    }

    @Test(arguments: [
        (#"{"prompt": "x", "params": {"steps": "30"}}"#, "params.steps"),
        (#"{"prompt": "x", "params": {"steps": 30.5}}"#, "params.steps"),
        (#"{"prompt": "x", "nsfw": "true"}"#, "nsfw"),
        (#"{"prompt": 12}"#, "prompt"),
        (#"{"prompt": "x", "models": "stable_diffusion"}"#, "models"),
        (#"{"prompt": "x", "params": {"loras": [{"name": 5}]}}"#, "params.loras.0.name"),
        (#"{"prompt": "x", "params": []}"#, "params"),
    ])
    func wrongTypesNameTheField(json: String, field: String) async {
        let error = await expectHordeError(.validationError) { _ = try TestSupport.body(GenerationInputStable.self, json) }
        #expect(schemaErrors(error)[field] != nil, "errors: \(schemaErrors(error))")
    }

    @Test func cfgScaleOfTheWrongTypeHasItsOwnCode() async {
        await expectHordeError(.badCFGNumber) {
            _ = try TestSupport.body(GenerationInputStable.self, #"{"prompt": "x", "params": {"cfg_scale": "7"}}"#)
        }
    }

    @Test func nulCharactersAreRefused() async {
        await expectHordeError(.nulByteInPayload) {
            _ = try TestSupport.body(GenerationInputStable.self, #"{"prompt": "a\u0000b"}"#)
        }
        // An escaped backslash followed by "u0000" is plain text, not a NUL.
        let input = try? TestSupport.body(GenerationInputStable.self, #"{"prompt": "a\\u0000b"}"#)
        #expect(input?.prompt == #"a\u0000b"#)
    }

    @Test func seedsAreAcceptedAsTextOrNumbers() throws {
        let text = try TestSupport.body(GenerationInputStable.self, #"{"prompt": "x", "params": {"seed": "abc"}}"#)
        let number = try TestSupport.body(GenerationInputStable.self, #"{"prompt": "x", "params": {"seed": 1234}}"#)
        #expect(text.params.seed == "abc")
        #expect(number.params.seed == "1234")
    }

    @Test func errorBodiesCarryMessageAndRc() throws {
        let response = HordeError.validation(errors: ["params.n": "too big"]).response
        #expect(response.status == 400)
        let tree = try jsonTree(response.body)
        #expect(tree["rc"] == "ValidationError")
        #expect(tree["message"] == "Input payload validation failed")
        #expect(tree["errors"]?["params.n"] == "too big")
    }

    @Test(arguments: [
        (RC.invalidAPIKey, 401), (.wrongCredentials, 403), (.anonForbiddenWorker, 403), (.requestNotFound, 404),
        (.invalidJobID, 404), (.duplicateGen, 400), (.abortedGen, 400), (.tooManyPrompts, 429),
        (.userNotFound, 404), (.workerNotFound, 404), (.missingPrompt, 400),
    ])
    func errorsUseTheirCataloguedStatus(rc: RC, status: Int) throws {
        let response = HordeError(rc, "nope").response
        #expect(response.status == status)
        let tree = try jsonTree(response.body)
        #expect(tree["rc"]?.stringValue == rc.rawValue)
        #expect(tree["message"] == "nope")
    }
}
