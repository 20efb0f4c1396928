import Testing

@testable import Domain

@Suite struct JobBatchingTests {
    @Test func anImageBatchesOnlyWhenSmallAgainstTheWorkersMaxPixels() {
        // 512×512 on a 512×512 worker: capacity per slot is max_pixels / 3.5, so four slots still make one image.
        #expect(JobBatching.imageSafeAmount(maxPixels: 262_144, amount: 4, width: 512, height: 512) == 1)
        #expect(JobBatching.imageSafeAmount(maxPixels: 262_144, amount: 8, width: 512, height: 512) == 2)
        // A 1024×1024 worker asking for 20 could take 22.9 images: clamped to the 20 it asked for.
        #expect(JobBatching.imageSafeAmount(maxPixels: 1_048_576, amount: 20, width: 512, height: 512) == 20)
    }

    @Test func postProcessingAndTransparencyMakeImagesHeavier() {
        let plain = JobBatching.imageSafeAmount(maxPixels: 1_048_576, amount: 20, width: 512, height: 512)
        let upscaled = JobBatching.imageSafeAmount(
            maxPixels: 1_048_576, amount: 20, width: 512, height: 512, postProcessors: ["RealESRGAN_x4plus"])
        let faceFixed = JobBatching.imageSafeAmount(
            maxPixels: 1_048_576, amount: 20, width: 512, height: 512, postProcessors: ["GFPGAN"])
        let transparent = JobBatching.imageSafeAmount(
            maxPixels: 1_048_576, amount: 20, width: 512, height: 512, transparent: true)
        #expect(plain == 20)
        #expect(upscaled == 9)  // 22.86 / (1.4 × 1.8)
        #expect(faceFixed == 16)  // 22.86 / 1.4
        #expect(transparent == 13)  // 22.86 / 1.8
    }

    @Test func heavyBaselinesBatchLess() {
        #expect(
            JobBatching.imageSafeAmount(maxPixels: 1_048_576, amount: 20, width: 512, height: 512, baseline: "flux_1")
                == 5)
    }

    @Test func neverLessThanOneNorMoreThanAsked() {
        #expect(JobBatching.imageSafeAmount(maxPixels: 262_144, amount: 1, width: 3072, height: 3072) == 1)
        #expect(JobBatching.imageSafeAmount(maxPixels: 100_000_000, amount: 3, width: 64, height: 64) == 3)
        #expect(JobBatching.imageSafeAmount(maxPixels: 100_000_000, amount: 500, width: 64, height: 64) == 20)
        #expect(JobBatching.imageSafeAmount(maxPixels: 0, amount: 0, width: 0, height: 0) == 1)
    }

    @Test func jobCountNeverExceedsWhatIsWaiting() {
        #expect(JobBatching.jobCount(kind: .image, amount: 10, safeAmount: 10, waiting: 3, disableBatching: false) == 3)
        #expect(JobBatching.jobCount(kind: .image, amount: 10, safeAmount: 2, waiting: 8, disableBatching: false) == 2)
        #expect(JobBatching.jobCount(kind: .image, amount: 4, safeAmount: 4, waiting: 0, disableBatching: false) == 0)
    }

    @Test func disabledBatchingTakesOneJob() {
        #expect(JobBatching.jobCount(kind: .image, amount: 10, safeAmount: 10, waiting: 5, disableBatching: true) == 1)
        #expect(JobBatching.jobCount(kind: .text, amount: 10, safeAmount: 1, waiting: 5, disableBatching: true) == 1)
    }

    @Test func textTakesTheWorkersAmountWithoutASizeRule() {
        #expect(JobBatching.jobCount(kind: .text, amount: 1, safeAmount: 1, waiting: 5, disableBatching: false) == 1)
        #expect(JobBatching.jobCount(kind: .text, amount: 3, safeAmount: 1, waiting: 5, disableBatching: false) == 3)
        #expect(JobBatching.jobCount(kind: .text, amount: 30, safeAmount: 1, waiting: 25, disableBatching: false) == 20)
    }
}
