import Foundation
import Messages

/// Image seeds as the reference hands them to workers (HORDE_RULES 2.2).
package enum SeedRules {
    /// Seeds are folded below this bound.
    package static let bound: UInt64 = 1 << 32

    /// The integer form of a client's seed: a string of ASCII digits is read as a number, any other string as the
    /// little-endian integer of its UTF-8 bytes; either is then shifted right 32 bits at a time until it is below
    /// 2^32. Nil for an absent or empty seed (the pop then draws a random one).
    package static func integerSeed(_ seed: JSONValue?) -> UInt64? {
        switch seed {
        case .string(let text):
            guard !text.isEmpty else { return nil }
            let limbs = text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } ? decimalLimbs(text) : byteLimbs(text)
            return UInt64(limbs.last(where: { $0 != 0 }) ?? 0)
        case .number(let value):
            guard value.isFinite else { return nil }
            return fold(UInt64(min(abs(value.rounded(.towardZero)), Double(UInt64.max / 2))))
        default:
            return nil
        }
    }

    /// The seed one pop hands out: random when the client gave none; otherwise the client's seed, plus
    /// `seed_variation × jobs still waiting` when a variation was given, folded below 2^32. Every image of one batch
    /// shares it.
    package static func popSeed(
        payload: JSONValue, waiting: Int, random: () -> UInt64 = { UInt64.random(in: 0..<SeedRules.bound) }
    ) -> UInt64 {
        guard let base = integerSeed(payload["seed"]) else { return random() }
        guard let variation = payload["seed_variation"]?.intValue, variation > 0 else { return base }
        // The API caps the variation at 1000 and n at 20; the clamps only keep hostile values from overflowing.
        return fold(base + UInt64(min(variation, 1000)) * UInt64(min(max(waiting, 0), 1_000_000)))
    }

    /// Shifts right 32 bits at a time until the value is below 2^32, as the reference does.
    package static func fold(_ value: UInt64) -> UInt64 {
        var value = value
        while value >= bound { value >>= 32 }
        return value
    }

    /// Base-2^32 digits (least significant first) of a decimal string of any length.
    private static func decimalLimbs(_ text: String) -> [UInt32] {
        var limbs: [UInt32] = [0]
        for byte in text.utf8 {
            var carry = UInt64(byte - 0x30)
            for index in limbs.indices {
                let product = UInt64(limbs[index]) * 10 + carry
                limbs[index] = UInt32(truncatingIfNeeded: product)
                carry = product >> 32
            }
            if carry > 0 { limbs.append(UInt32(carry)) }
        }
        return limbs
    }

    /// Base-2^32 digits of the little-endian integer made of the string's UTF-8 bytes.
    private static func byteLimbs(_ text: String) -> [UInt32] {
        let bytes = Array(text.utf8)
        return stride(from: 0, to: bytes.count, by: 4).map { start in
            var limb: UInt32 = 0
            for offset in 0..<min(4, bytes.count - start) { limb |= UInt32(bytes[start + offset]) << (8 * offset) }
            return limb
        }
    }
}
