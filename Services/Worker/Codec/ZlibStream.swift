/// The zlib container (RFC 1950) around a DEFLATE stream, as a PNG's IDAT data carries it.
enum ZlibStream {
    /// `input` compressed: a two-byte header (32 KiB window, no dictionary), the DEFLATE data, then the
    /// big-endian Adler-32 of the uncompressed bytes.
    static func compress(_ input: [UInt8], encoder: DeflateEncoder = DeflateEncoder()) -> [UInt8] {
        var output: [UInt8] = [0x78, 0x9C]
        output.append(contentsOf: encoder.compress(input))
        let adler = Adler32.checksum(input)
        output.append(contentsOf: [UInt8(adler >> 24), UInt8((adler >> 16) & 0xFF), UInt8((adler >> 8) & 0xFF), UInt8(adler & 0xFF)])
        return output
    }
}
