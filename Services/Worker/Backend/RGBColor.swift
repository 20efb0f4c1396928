/// An 8-bit RGB colour.
struct RGBColor: Sendable, Equatable {
    /// Red channel.
    var red: UInt8
    /// Green channel.
    var green: UInt8
    /// Blue channel.
    var blue: UInt8

    /// From hue (turns, wrapped to 0..<1), saturation and value (0...1).
    init(hue: Double, saturation: Double, value: Double) {
        let h = (hue - hue.rounded(.down)) * 6
        let sector = Int(h) % 6
        let f = h - Double(Int(h))
        let v = value, s = saturation
        let p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f))
        let (r, g, b): (Double, Double, Double) =
            switch sector {
            case 0: (v, t, p)
            case 1: (q, v, p)
            case 2: (p, v, t)
            case 3: (p, q, v)
            case 4: (t, p, v)
            default: (v, p, q)
            }
        self.init(red: Self.channel(r), green: Self.channel(g), blue: Self.channel(b))
    }

    /// A colour from its channels.
    init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// The colour `fraction` (0...1) of the way from `self` to `other`.
    func mixed(with other: RGBColor, _ fraction: Double) -> RGBColor {
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { Self.channel((Double(a) + (Double(b) - Double(a)) * fraction) / 255) }
        return RGBColor(red: mix(red, other.red), green: mix(green, other.green), blue: mix(blue, other.blue))
    }

    private static func channel(_ value: Double) -> UInt8 { UInt8(max(0, min(255, (value * 255).rounded()))) }
}
