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
