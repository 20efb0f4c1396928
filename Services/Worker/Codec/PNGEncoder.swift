/// Writes 8-bit RGB images as PNG files (ISO/IEC 15948): IHDR, one tEXt, IDAT, IEND.
///
/// Each scanline gets the filter (None, Sub, Up, Average, Paeth) whose output has the smallest sum of absolute
/// values, the usual heuristic; smooth areas then become runs the DEFLATE matcher compresses well.
enum PNGEncoder {
    /// The eight bytes every PNG file starts with.
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Why an image cannot be encoded.
    enum EncodingError: Error, Equatable {
        /// Width or height is zero or above the PNG limit, or the pixel buffer does not hold width × height × 3.
        case invalidDimensions(width: Int, height: Int, bytes: Int)
    }

    /// The PNG file for `rgb` (row-major, three bytes per pixel, no padding).
    static func encode(
        width: Int, height: Int, rgb: [UInt8], software: String = "horde-worker",
        encoder: DeflateEncoder = DeflateEncoder()
    ) throws -> [UInt8] {
        guard width > 0, height > 0, width <= 0x7FFF_FFFF, height <= 0x7FFF_FFFF, rgb.count == width * height * 3
        else { throw EncodingError.invalidDimensions(width: width, height: height, bytes: rgb.count) }
        var file = signature
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header.append(contentsOf: [8, 2, 0, 0, 0])  // 8 bits, truecolour, deflate, adaptive filtering, no interlace
        appendChunk("IHDR", header, to: &file)
        appendChunk("tEXt", Array("Software".utf8) + [0] + Array(software.utf8.prefix(512)), to: &file)
        appendChunk("IDAT", ZlibStream.compress(filtered(width: width, height: height, rgb: rgb), encoder: encoder), to: &file)
        appendChunk("IEND", [], to: &file)
        return file
    }

    /// A chunk: big-endian length, type, data, and the CRC-32 of type and data.
    static func appendChunk(_ type: String, _ data: [UInt8], to file: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        file.appendBigEndian(UInt32(data.count))
        file.append(contentsOf: typeBytes)
        file.append(contentsOf: data)
        var crc = CRC32()
        crc.update(typeBytes)
        crc.update(data)
        file.appendBigEndian(crc.finalized)
    }

    /// Scanlines, each prefixed with its filter type byte.
    static func filtered(width: Int, height: Int, rgb: [UInt8]) -> [UInt8] {
        let stride = width * 3
        var output = [UInt8](repeating: 0, count: height * (stride + 1))
        var candidate = [UInt8](repeating: 0, count: stride)
        var best = [UInt8](repeating: 0, count: stride)
        let zeroRow = [UInt8](repeating: 0, count: stride)
        rgb.withUnsafeBufferPointer { pixels in
            for row in 0..<height {
                let current = UnsafeBufferPointer(rebasing: pixels[row * stride..<(row + 1) * stride])
                var bestFilter: UInt8 = 0
                var bestScore = Int.max
                zeroRow.withUnsafeBufferPointer { zeros in
                    let above = row == 0 ? zeros : UnsafeBufferPointer(rebasing: pixels[(row - 1) * stride..<row * stride])
                    for filter in UInt8(0)...4 {
                        let score = apply(filter, current: current, above: above, into: &candidate)
                        if score < bestScore {
                            bestScore = score
                            bestFilter = filter
                            swap(&best, &candidate)
                        }
                    }
                }
                let start = row * (stride + 1)
                output[start] = bestFilter
                output.withUnsafeMutableBufferPointer { out in
                    best.withUnsafeBufferPointer { row in
                        guard let target = out.baseAddress, let source = row.baseAddress else { return }
                        (target + start + 1).update(from: source, count: stride)
                    }
                }
            }
        }
        return output
    }

    /// Filters one row and returns its score: the sum of the filtered bytes read as signed values. One tight
    /// loop per filter type (the first pixel, which has no left neighbour, apart) with a 32-bit sum, so the
    /// compiler can vectorise it: the filter choice dominates the encoder's time.
    private static func apply(
        _ filter: UInt8, current: UnsafeBufferPointer<UInt8>, above: UnsafeBufferPointer<UInt8>,
        into output: inout [UInt8]
    ) -> Int {
        let count = current.count
        return output.withUnsafeMutableBufferPointer { out -> Int in
            var score: UInt32 = 0
            let lead = min(3, count)
            switch filter {
            case 0:
                for index in 0..<count {
                    let value = current[index]
                    out[index] = value
                    score &+= UInt32(Int8(bitPattern: value).magnitude)
                }
            case 1:
                for index in 0..<lead {
                    out[index] = current[index]
                    score &+= UInt32(Int8(bitPattern: current[index]).magnitude)
                }
                for index in lead..<count {
                    let value = current[index] &- current[index - 3]
                    out[index] = value
                    score &+= UInt32(Int8(bitPattern: value).magnitude)
                }
            case 2:
                for index in 0..<count {
                    let value = current[index] &- above[index]
                    out[index] = value
                    score &+= UInt32(Int8(bitPattern: value).magnitude)
                }
            case 3:
                for index in 0..<lead {
                    let value = current[index] &- above[index] / 2
                    out[index] = value
                    score &+= UInt32(Int8(bitPattern: value).magnitude)
                }
                for index in lead..<count {
                    let value = current[index] &- UInt8((UInt16(current[index - 3]) &+ UInt16(above[index])) / 2)
                    out[index] = value
                    score &+= UInt32(Int8(bitPattern: value).magnitude)
                }
            default:
                // Without a left neighbour Paeth picks the byte above.
                for index in 0..<lead {
                    let value = current[index] &- above[index]
                    out[index] = value
                    score &+= UInt32(Int8(bitPattern: value).magnitude)
                }
                for index in lead..<count {
                    let value = current[index] &- paeth(current[index - 3], above[index], above[index - 3])
                    out[index] = value
                    score &+= UInt32(Int8(bitPattern: value).magnitude)
                }
            }
            return Int(score)
        }
    }

    /// The Paeth predictor: whichever of left, above and upper-left is closest to left + above − upper-left.
    static func paeth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) + Int(b) - Int(c)
        let pa = abs(p - Int(a))
        let pb = abs(p - Int(b))
        let pc = abs(p - Int(c))
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }
}

extension [UInt8] {
    /// Appends `value` as four big-endian bytes.
    mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)])
    }
}
