/// Floating-point values in PostgreSQL's text format.
enum PostgresFloatText {
    /// The shortest decimal that reads back as `value`, with the special values spelled as PostgreSQL does.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
        return value.description
    }

    /// Parses `float4`/`float8`/`numeric` output, including `NaN`, `Infinity` and `-Infinity`.
    static func parse(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return Double(text)
        }
    }
}
