import Foundation

extension KeyedDecodingContainer {
    /// A string field that clients also send as a number (seeds): integers become their decimal text.
    ///
    /// The reference's schema says string, but widely used clients and workers send integers; refusing them would
    /// break those clients for no benefit.
    package func decodeStringOrNumberIfPresent(forKey key: Key) throws -> String? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let text = try? decode(String.self, forKey: key) { return text }
        if let integer = try? decode(Int64.self, forKey: key) { return String(integer) }
        if let number = try? decode(Double.self, forKey: key), number.isFinite, number.rounded() == number,
            abs(number) < 1e18
        {
            return String(Int64(number))
        }
        throw DecodingError.typeMismatch(
            String.self,
            .init(codingPath: codingPath + [key], debugDescription: "Expected a string or an integer"))
    }
}

extension KeyedDecodingContainer {
    /// An integer field, read through `Double` so that a fractional or huge number is reported as a type error on
    /// its own field (Foundation's decoder otherwise reports it as unreadable JSON with no field).
    package func decodeIntegerIfPresent(forKey key: Key) throws -> Int? {
        guard let value = try decodeIfPresent(Double.self, forKey: key) else { return nil }
        return try Self.integer(value, codingPath: codingPath + [key])
    }

    /// An array of integers, checked like `decodeIntegerIfPresent`.
    package func decodeIntegerArrayIfPresent(forKey key: Key) throws -> [Int]? {
        guard let values = try decodeIfPresent([Double].self, forKey: key) else { return nil }
        return try values.map { try Self.integer($0, codingPath: codingPath + [key]) }
    }

    private static func integer(_ value: Double, codingPath: [any CodingKey]) throws -> Int {
        guard value.isFinite, value.rounded() == value, abs(value) < 9.0e15 else {
            throw DecodingError.typeMismatch(
                Int.self, .init(codingPath: codingPath, debugDescription: "Expected an integer"))
        }
        return Int(value)
    }
}
