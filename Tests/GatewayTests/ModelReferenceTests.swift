import Foundation
import HordeCore
import Messages
import Testing

@testable import Gateway

@Suite("Model reference")
struct ModelReferenceTests {
    private let reference = ModelReferenceFixture.reference

    @Test func theShippedListsLoad() {
        #expect(reference.imageCount >= 10)
        #expect(reference.textCount >= 5)
        #expect(reference.isKnownImage("stable_diffusion"))
        #expect(reference.isKnownText("horde/cpu-text-1B"))
    }

    @Test func familiesComeFromTheReferenceThenFromTheNameSuffix() {
        #expect(reference.baseline(ofImage: "SDXL 1.0") == "stable_diffusion_xl")
        #expect(reference.baseline(ofImage: "Deliberate") == "stable_diffusion_1")
        #expect(reference.baseline(ofImage: "Stable Cascade 1.0") == "stable_cascade")
        #expect(reference.baseline(ofImage: "Flux.1-Schnell fp8 (Compact)") == "flux_1")
        #expect(reference.baseline(ofImage: "My Merge [Flux]") == "flux_1")
        #expect(reference.baseline(ofImage: "unknown thing") == nil)
        #expect(ModelReference.empty.baseline(ofImage: "SDXL 1.0") == nil)
    }

    @Test func textSizesIgnoreBackendPrefixesOrganisationsAndQuantisation() {
        #expect(reference.parameters(ofText: "koboldcpp/LLaMA2-13B-Tiefighter") == 13)
        #expect(reference.parameters(ofText: "aphrodite/KoboldAI/LLaMA2-13B-Tiefighter") == 13)
        #expect(reference.parameters(ofText: "koboldcpp/goliath-120b.Q4_K_M") == 120)
        #expect(reference.isKnownText("koboldcpp/goliath-120b-Q4_K_M"))
        // Not listed: the size comes from the name, and the model counts as custom.
        #expect(reference.parameters(ofText: "someone/Custom-70B") == 70)
        #expect(!reference.isKnownText("someone/Custom-70B"))
    }

    @Test func parsesBothPublishedShapesAndSkipsUnusableEntries() throws {
        let text = try ModelReferenceParser.textModels(Array(#"""
            {"a/Model-7B": {"name": "a/Model-7B", "parameters": 7000000000},
             "b/Small": {"parameters_bn": 1.5},
             "c/NoSize": {"name": "c/NoSize"}}
            """#.utf8))
        #expect(text.map(\.name) == ["a/Model-7B", "b/Small"])
        #expect(text.map(\.parametersBillions) == [7, 1.5])
        let image = try ModelReferenceParser.imageModels(Array(#"""
            [{"name": "X", "baseline": "stable diffusion 2", "requirements": {"min_steps": "4", "samplers": ["k_euler"]}},
             {"nameless": true}]
            """#.utf8))
        #expect(image.count == 1)
        #expect(image.first?.baseline == "stable_diffusion_2")
        #expect(image.first?.requirements.minSteps == 4)
        #expect(throws: ModelReferenceParser.Failure.self) { try ModelReferenceParser.imageModels(Array("[1,".utf8)) }
        #expect(throws: ModelReferenceParser.Failure.self) { try ModelReferenceParser.textModels(Array("42".utf8)) }
    }

    @Test func requirementMismatchesBecomeWarnings() throws {
        let body = try TestSupport.body(
            GenerationInputStable.self,
            #"{"prompt": "x", "models": ["DreamShaper XL"], "params": {"steps": 30, "cfg_scale": 7, "karras": false}}"#)
        let validated = try ImageRequestValidator.validate(
            body, user: TestSupport.user(), allowHTTPWebhooks: false, reference: reference)
        #expect(validated.warnings.map(\.code) == ["StepsTooMany", "CfgScaleMismatch", "SamplerMismatch", "SchedulerMismatch"])
        let fine = try TestSupport.body(
            GenerationInputStable.self,
            #"{"prompt": "x", "models": ["DreamShaper XL"], "params": {"steps": 5, "cfg_scale": 2, "sampler_name": "k_dpmpp_sde"}}"#)
        #expect(try ImageRequestValidator.validate(
            fine, user: TestSupport.user(), allowHTTPWebhooks: false, reference: reference).warnings.isEmpty)
    }

    @Test func heavyFamiliesGetLongerJobTTLs() throws {
        let body = try TestSupport.body(
            GenerationInputStable.self, #"{"prompt": "x", "models": ["Flux.1-Schnell fp8 (Compact)"]}"#)
        let validated = try ImageRequestValidator.validate(
            body, user: TestSupport.user(), allowHTTPWebhooks: false, reference: reference)
        #expect(validated.heavyModel)
        #expect(validated.baseline == "flux_1")
    }

    @Test func textEstimatesUseTheReferenceSize() throws {
        let body = try TestSupport.body(
            GenerationInputKobold.self, #"{"prompt": "x", "models": ["koboldcpp/goliath-120b"]}"#)
        let known = try TextRequestValidator.validate(
            body, user: TestSupport.user(), allowHTTPWebhooks: false, reference: reference)
        #expect(known.firstModelBillions == 120)
        #expect(TextRequestPlan.parameters(of: known) == 120)
        let unknown = try TextRequestValidator.validate(
            try TestSupport.body(GenerationInputKobold.self, #"{"prompt": "x", "models": ["whatever"]}"#),
            user: TestSupport.user(), allowHTTPWebhooks: false, reference: reference)
        #expect(TextRequestPlan.parameters(of: unknown) == 13)
    }

    @Test func theLoaderReadsFilesAndKeepsTheLastGoodListOnFailure() async throws {
        let store = ModelReferenceStore()
        let logger = Logger(label: "model-reference-test", level: .critical)
        let loader = ModelReferenceLoader(
            imageSource: ModelReferenceFixture.imagePath, textSource: "file://" + ModelReferenceFixture.textPath,
            refreshInterval: .seconds(3600), store: store, logger: logger)
        #expect(await loader.loadOnce())
        #expect(store.current == reference)
        let broken = ModelReferenceLoader(
            imageSource: "/nonexistent/image.json", textSource: "http://127.0.0.1:1/text.json",
            refreshInterval: .seconds(3600), store: store, logger: logger)
        #expect(!(await broken.loadOnce()))
        #expect(store.current == reference)
    }
}
