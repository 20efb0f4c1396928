import Foundation
import HTTP
import Messages
import Testing

@testable import Gateway

@Suite("Model status and performance")
struct ModelStatusTests {
    private static let snapshot = [
        QueueSnapshot.ModelStats(
            kind: "image", name: "stable_diffusion", queuedRequests: 3, queuedJobs: 5, queuedThings: 4_000_000,
            workers: 2, performance: 1.5, eta: 12),
        QueueSnapshot.ModelStats(
            kind: "image", name: "My Merge", queuedRequests: 1, queuedJobs: 1, queuedThings: 500_000, workers: 0,
            performance: 0, eta: 0),
        QueueSnapshot.ModelStats(
            kind: "text", name: "koboldcpp/LLaMA2-13B-Tiefighter", queuedRequests: 2, queuedJobs: 2, queuedThings: 160,
            workers: 4, performance: 20, eta: 8),
        QueueSnapshot.ModelStats(
            kind: "interrogation", name: "caption", queuedRequests: 1, queuedJobs: 3, queuedThings: 3, workers: 1,
            performance: 1, eta: 3),
    ]

    private func query(_ target: String) throws -> ModelStatusQuery {
        try ModelStatusQuery(HTTPRequest(method: .GET, target: target))
    }

    private func names(_ target: String) throws -> [String] {
        let query = try query(target)
        return Self.snapshot.filter { query.admits($0, reference: ModelReferenceFixture.reference) }.map(\.name)
    }

    @Test func filtersByTypeCountAndState() throws {
        #expect(try names("/api/v2/status/models") == ["stable_diffusion", "My Merge"])
        #expect(try names("/api/v2/status/models?type=text") == ["koboldcpp/LLaMA2-13B-Tiefighter"])
        #expect(try names("/api/v2/status/models?min_count=1") == ["stable_diffusion"])
        #expect(try names("/api/v2/status/models?max_count=0") == ["My Merge"])
        #expect(try names("/api/v2/status/models?model_state=known") == ["stable_diffusion"])
        #expect(try names("/api/v2/status/models?model_state=custom") == ["My Merge"])
        #expect(try names("/api/v2/status/models?type=text&model_state=known") == ["koboldcpp/LLaMA2-13B-Tiefighter"])
    }

    @Test(arguments: ["type=video", "min_count=many", "max_count=1.5", "model_state=some"])
    func badQueryValuesAreValidationErrors(_ query: String) async throws {
        let error = await expectHordeError(.validationError) { _ = try self.query("/api/v2/status/models?\(query)") }
        let name = String(query.split(separator: "=")[0])
        #expect(schemaErrors(error)[name] != nil)
    }

    @Test func performanceAddsUpTheSnapshot() {
        let performance = ModelStatusHandler.performance(of: Self.snapshot)
        #expect(performance.queuedRequests == 4)
        #expect(performance.queuedMegapixelsteps == 4.5)
        #expect(performance.workerCount == 2)
        #expect(performance.queuedTextRequests == 2)
        #expect(performance.queuedTokens == 160)
        #expect(performance.textWorkerCount == 4)
        #expect(performance.queuedForms == 3)
        #expect(performance.interrogatorCount == 1)
    }

    @Test func performanceCountsAMultiModelRequestOnce() {
        // One image request for both models (3 + 1 per model, 3 distinct), one text request for two models.
        let kinds = [
            QueueSnapshot.KindTotals(kind: "image", queuedRequests: 3, queuedThings: 4_000_000),
            QueueSnapshot.KindTotals(kind: "text", queuedRequests: 1, queuedThings: 80),
        ]
        let performance = ModelStatusHandler.performance(of: Self.snapshot, kinds: kinds)
        #expect(performance.queuedRequests == 3)
        #expect(performance.queuedMegapixelsteps == 4)
        #expect(performance.queuedTextRequests == 1)
        #expect(performance.queuedTokens == 80)
        // Worker and form figures still come from the models.
        #expect(performance.workerCount == 2 && performance.textWorkerCount == 4 && performance.queuedForms == 3)
        // /status/models keeps counting per model.
        #expect(ModelStatusHandler.activeModel(Self.snapshot[1]).queued == 500_000)
    }

    @Test func activeModelCarriesTheSwaggerFields() throws {
        let model = ModelStatusHandler.activeModel(Self.snapshot[0])
        let tree = try jsonTree(try APICoding.encode(model))
        #expect(tree == [
            "name": "stable_diffusion", "count": 2, "performance": 1.5, "queued": 4_000_000, "jobs": 5, "eta": 12,
            "type": "image",
        ])
    }

    @Test func isPossibleNeedsAWorkerForOneOfTheModels() {
        let snapshot = QueueSnapshot(takenAt: Date(), models: Self.snapshot)
        #expect(StatusBuilder.isPossible(models: ["stable_diffusion"], kind: .image, snapshot: snapshot))
        #expect(!StatusBuilder.isPossible(models: ["My Merge"], kind: .image, snapshot: snapshot))
        #expect(StatusBuilder.isPossible(models: [], kind: .image, snapshot: snapshot))
        #expect(!StatusBuilder.isPossible(models: ["stable_diffusion"], kind: .text, snapshot: snapshot))
        #expect(!StatusBuilder.isPossible(models: [], kind: .image, snapshot: QueueSnapshot(takenAt: Date(), models: [])))
    }
}
