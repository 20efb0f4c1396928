/// The Adler-32 checksum (RFC 1950) that closes a zlib stream.
struct Adler32: Sendable {
    private var a: UInt32 = 1
    private var b: UInt32 = 0

    /// The checksum of no bytes.
    init() {}

    /// Feeds more bytes. Sums are reduced every 5552 bytes, the most that cannot overflow 32 bits.
    mutating func update(_ bytes: [UInt8]) {
        var index = 0
        while index < bytes.count {
            let end = min(index + 5552, bytes.count)
            while index < end {
                a &+= UInt32(bytes[index])
                b &+= a
                index += 1
            }
            a %= 65521
            b %= 65521
        }
    }

    /// The checksum of the bytes fed so far.
    var finalized: UInt32 { (b << 16) | a }

    /// The checksum of `bytes`.
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var adler = Adler32()
        adler.update(bytes)
        return adler.finalized
    }
}
