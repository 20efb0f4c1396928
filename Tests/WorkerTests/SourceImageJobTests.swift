import Foundation
import HordeCore
import Messages
import Testing

@testable import Worker

@Suite("Image jobs with source images")
struct SourceImageJobTests {
    /// A 1×1 RGB PNG.
    static let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"

    @Test func thePopAnswersSourceFieldsReachTheJobPayload() throws {
        let answer = #"""
            {"id": "j1", "ids": ["j1"], "model": "sd", "payload": {"prompt": "p", "width": 64, "height": 64},
             "source_image": "\#(Self.png)", "source_processing": "inpainting", "source_mask": null,
             "extra_source_images": [{"image": "\#(Self.png)", "strength": 0.5}]}
            """#
        let response = try JSONDecoder().decode(PopResponseBody.self, from: Data(answer.utf8))
        let job = try #require(WorkerJob(kind: .image, response: response, fallbackModel: "sd"))
        #expect(job.payload["source_image"]?.stringValue == Self.png)
        #expect(job.payload["source_processing"]?.stringValue == "inpainting")
        #expect(job.payload["source_mask"] == nil)
        #expect(job.payload["extra_source_images"]?.arrayValue?.count == 1)
        #expect(ImageJobParameters(payload: job.payload, fallbackSeed: 1).sourceImage == Self.png)
        // A plain job is left as it was.
        let plain = try JSONDecoder().decode(
            PopResponseBody.self, from: Data(#"{"id": "j2", "ids": ["j2"], "payload": {"prompt": "p"}}"#.utf8))
        #expect(WorkerJob(kind: .image, response: plain, fallbackModel: "sd")?.payload == ["prompt": "p"])
    }

    @Test func theCPUBackendRendersASourceImageJob() async throws {
        let payload: JSONValue = ["prompt": "p", "width": 64, "height": 64, "n_iter": 1, "source_image": .string(Self.png)]
        let parameters = ImageJobParameters(payload: payload, fallbackSeed: 3)
        let images = try await CPUBackend().generateImages(parameters, model: "stable_diffusion")
        #expect(images.count == 1)
    }

    @Test func img2imgIsDeclaredWhereTheOperatorSaysSo() throws {
        let cpu = try WorkerConfig.fromEnvironment(.init(["HORDE_WORKER_KINDS": "image"]))
        #expect(cpu.lanes(owner: nil).first?.popBody.allowImg2img == false)
        let told = try WorkerConfig.fromEnvironment(
            .init(["HORDE_WORKER_KINDS": "image", "HORDE_WORKER_ALLOW_IMG2IMG": "true"]))
        let lane = try #require(told.lanes(owner: nil).first)
        #expect(lane.popBody.allowImg2img == true && lane.profile.allowImg2Img)
        #expect(lane.popBody.allowLora == false, "only img2img is switched on")
        #expect(throws: (any Error).self) {
            _ = try WorkerConfig.fromEnvironment(.init(["HORDE_WORKER_KINDS": "image", "HORDE_WORKER_ALLOW_IMG2IMG": "maybe"]))
        }
    }
}
