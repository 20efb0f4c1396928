/// `SinglePeriodImgStat`: images and pixelsteps generated in one period.
package struct SinglePeriodImgStat: Codable, Sendable, Equatable {
    /// Images generated.
    package var images: Int
    /// Pixelsteps generated.
    package var ps: Int

    /// A period's figures.
    package init(images: Int = 0, ps: Int = 0) {
        self.images = images
        self.ps = ps
    }
}
