import Foundation
import Messages
import ServiceKit
import Testing

@testable import Gateway

@Suite("Text requests: parser defaults and validation")
struct TextRequestValidatorTests {
    private func validate(_ json: String, user: AuthenticatedUser = TestSupport.user()) throws -> ValidatedTextRequest {
        try TextRequestValidator.validate(
            try TestSupport.body(GenerationInputKobold.self, json), user: user, allowHTTPWebhooks: false)
    }

    @Test func absentFieldsGetTheServerDefaults() throws {
        let request = try validate(#"{"prompt": "Once upon a time"}"#)
        #expect(request.input.params.n == 1)
        #expect(request.input.params.maxLength == 80)
        #expect(request.input.params.maxContextLength == 2048)
        #expect(request.models.isEmpty)
        #expect(request.input.params.temperature == nil)
        #expect(!request.input.validatedBackends && request.input.slowWorkers)
    }

    @Test func rangesAreChecked() async {
        let error = await expectHordeError(.validationError) {
            _ = try validate(
                #"{"prompt": "x", "params": {"max_length": 8, "max_context_length": 50, "temperature": 9, "top_p": 0, "top_k": 300}}"#
            )
        }
        let errors = schemaErrors(error)
        for field in ["params.max_length", "params.max_context_length", "params.temperature", "params.top_p", "params.top_k"] {
            #expect(errors[field] != nil, "missing \(field) in \(errors)")
        }
    }

    @Test func catalogueErrors() async {
        await expectHordeError(.missingPrompt) { _ = try validate(#"{"prompt": ""}"#) }
        await expectHordeError(.tokenOverflow) {
            _ = try validate(#"{"prompt": "x", "params": {"max_length": 512, "max_context_length": 256}}"#)
        }
        await expectHordeError(.missingFullSamplerOrder) {
            _ = try validate(#"{"prompt": "x", "params": {"sampler_order": [6, 0, 1, 1]}}"#)
        }
        let stops = (0..<129).map { "\"s\($0)\"" }.joined(separator: ",")
        await expectHordeError(.tooManyStopSequences) {
            _ = try validate(#"{"prompt": "x", "params": {"stop_sequence": [\#(stops)]}}"#)
        }
        let long = String(repeating: "z", count: 2001)
        await expectHordeError(.excessiveStopSequence) {
            _ = try validate(#"{"prompt": "x", "params": {"stop_sequence": ["\#(long)"]}}"#)
        }
        await expectHordeError(.invalidExtraSourceImages) {
            _ = try validate(#"{"prompt": "x", "extra_source_images": [{"image": "abc"}]}"#)
        }
    }
}
