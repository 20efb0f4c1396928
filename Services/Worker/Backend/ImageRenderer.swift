import Foundation

/// Renders the CPU backend's images: a small landscape (sky and ground gradients split by a wavy horizon, a
/// sun, a few flat shapes) whose every choice comes from a generator seeded by the prompt and the seed.
///
/// Same prompt, seed and size give the same pixels everywhere; layout is in relative coordinates, so a scene
/// keeps its look across sizes. Flat fills and row-constant gradients keep the PNG small.
struct ImageRenderer: Sendable {
    /// What to draw: everything is decided before the first pixel.
    struct Scene: Sendable {
        /// Sky colour at the top edge.
        var skyTop: RGBColor
        /// Sky colour at the horizon.
        var skyBottom: RGBColor
        /// Ground colour at the horizon.
        var groundTop: RGBColor
        /// Ground colour at the bottom edge.
        var groundBottom: RGBColor
        /// Horizon line as a fraction of the height, with a sine wave on it.
        var horizon: Double
        /// Height of the horizon's wave, as a fraction of the image height.
        var waveAmplitude: Double
        /// Wave periods across the width.
        var waveCycles: Double
        /// Where the wave starts (radians).
        var wavePhase: Double
        /// Shapes drawn in order, later ones on top.
        var shapes: [Shape]
    }

    /// A flat shape in relative coordinates (0...1 of width and height).
    struct Shape: Sendable {
        /// Round or rectangular.
        enum Form: Sendable { case disc, box }
        /// Round or rectangular.
        var form: Form
        /// Centre, as a fraction of the width.
        var centerX: Double
        /// Centre, as a fraction of the height.
        var centerY: Double
        /// Radius (disc) or half-extent (box), as a fraction of the shorter side.
        var radius: Double
        /// Width-to-height ratio of boxes.
        var aspect: Double
        /// Fill colour.
        var color: RGBColor
    }

    /// The scene for a prompt and seed.
    static func scene(prompt: String, seed: UInt64) -> Scene {
        var random = SplitMix64(hashing: ["image", prompt, String(seed)])
        let baseHue = random.unit()
        let skyTop = RGBColor(hue: baseHue, saturation: random.unit(0.35..<0.8), value: random.unit(0.45..<0.75))
        let skyBottom = RGBColor(
            hue: baseHue + random.unit(0.05..<0.2), saturation: random.unit(0.2..<0.6), value: random.unit(0.8..<1))
        let groundHue = baseHue + 0.5 + random.unit(-0.1..<0.1)
        let groundTop = RGBColor(hue: groundHue, saturation: random.unit(0.4..<0.9), value: random.unit(0.5..<0.8))
        let groundBottom = RGBColor(hue: groundHue, saturation: random.unit(0.5..<1), value: random.unit(0.15..<0.4))
        let horizon = random.unit(0.45..<0.75)
        var shapes: [Shape] = []
        shapes.append(
            Shape(
                form: .disc, centerX: random.unit(0.1..<0.9), centerY: random.unit(0.1..<horizon - 0.05),
                radius: random.unit(0.05..<0.14), aspect: 1,
                color: RGBColor(hue: baseHue + 0.12, saturation: random.unit(0.3..<0.7), value: 1)))
        // Longer prompts describe busier scenes.
        let words = prompt.split(whereSeparator: { $0 == " " || $0 == "," }).count
        let extra = 2 + min(words, 12) / 3 + Int(random.next() % 2)
        for _ in 0..<extra {
            shapes.append(
                Shape(
                    form: random.next() % 2 == 0 ? .disc : .box, centerX: random.unit(0.05..<0.95),
                    centerY: random.unit(horizon - 0.1..<0.95), radius: random.unit(0.03..<0.12),
                    aspect: random.unit(0.5..<2),
                    color: RGBColor(
                        hue: random.unit(), saturation: random.unit(0.3..<1), value: random.unit(0.3..<1))))
        }
        return Scene(
            skyTop: skyTop, skyBottom: skyBottom, groundTop: groundTop, groundBottom: groundBottom, horizon: horizon,
            waveAmplitude: random.unit(0.01..<0.06), waveCycles: random.unit(0.5..<3.5),
            wavePhase: random.unit(0..<(2 * Double.pi)), shapes: shapes)
    }

    /// Row-major RGB bytes (three per pixel) of `width` × `height`.
    static func render(prompt: String, seed: UInt64, width: Int, height: Int) -> [UInt8] {
        render(scene(prompt: prompt, seed: seed), width: width, height: height)
    }

    /// Row-major RGB bytes of `scene` at `width` × `height`.
    static func render(_ scene: Scene, width: Int, height: Int) -> [UInt8] {
        guard width > 0, height > 0 else { return [] }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        let w = Double(width), h = Double(height)
        let shortSide = min(w, h)
        let horizonRows: [Int] = (0..<width).map { x in
            let wave = scene.waveAmplitude * sin(2 * Double.pi * scene.waveCycles * Double(x) / w + scene.wavePhase)
            return Int(((scene.horizon + wave) * h).rounded())
        }
        /// A shape in pixel coordinates, with the rows it spans.
        struct PixelShape {
            var form: Shape.Form
            var cx: Double, cy: Double, rx: Double, ry: Double
            var minRow: Int, maxRow: Int
            var color: RGBColor
        }
        let shapes = scene.shapes.map { shape in
            let rx = shape.radius * shortSide * (shape.form == .box ? shape.aspect : 1)
            let ry = shape.radius * shortSide
            let cy = shape.centerY * h
            return PixelShape(
                form: shape.form, cx: shape.centerX * w, cy: cy, rx: rx, ry: ry, minRow: Int(cy - ry),
                maxRow: Int(cy + ry) + 1, color: shape.color)
        }
        let horizonRow = scene.horizon * h
        pixels.withUnsafeMutableBufferPointer { out in
            for y in 0..<height {
                let fy = Double(y)
                let sky = scene.skyTop.mixed(with: scene.skyBottom, min(1, fy / max(1, horizonRow)))
                let ground = scene.groundTop.mixed(
                    with: scene.groundBottom, max(0, min(1, (fy - horizonRow) / max(1, h - horizonRow))))
                let rowShapes = shapes.filter { y >= $0.minRow && y <= $0.maxRow }
                var offset = y * width * 3
                for x in 0..<width {
                    var color = y >= horizonRows[x] ? ground : sky
                    let fx = Double(x) + 0.5
                    for shape in rowShapes {
                        let dx = (fx - shape.cx) / shape.rx
                        let dy = (fy + 0.5 - shape.cy) / shape.ry
                        let inside = shape.form == .disc ? dx * dx + dy * dy <= 1 : abs(dx) <= 1 && abs(dy) <= 1
                        if inside { color = shape.color }
                    }
                    out[offset] = color.red
                    out[offset + 1] = color.green
                    out[offset + 2] = color.blue
                    offset += 3
                }
            }
        }
        return pixels
    }
}
