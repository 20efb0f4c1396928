import Foundation

/// Runs small Python 3 scripts (its `zlib` is the independent decoder the codec tests check against).
enum Python {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `script` with `input` on standard input and returns standard output. The process is waited for on
    /// a thread of its own, so the cooperative pool stays free for the tests running alongside.
    static func run(_ script: String, input: [UInt8]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try runBlocking(script, input: input) }) }.start()
        }
    }

    private static func runBlocking(_ script: String, input: [UInt8]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Write and read concurrently so a large input cannot deadlock on full pipe buffers.
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python exited \(process.terminationStatus): \(String(decoding: errors, as: UTF8.self))")
        }
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// SHA-256 hex of raw DEFLATE data inflated by zlib.
    static func inflateRawDigest(_ deflated: [UInt8]) async throws -> String {
        try await run(
            "import sys, zlib, hashlib; print(hashlib.sha256(zlib.decompress(sys.stdin.buffer.read(), -15)).hexdigest())",
            input: deflated)
    }

    /// SHA-256 hex of a zlib stream inflated by zlib (which also checks its Adler-32).
    static func inflateZlibDigest(_ stream: [UInt8]) async throws -> String {
        try await run(
            "import sys, zlib, hashlib; print(hashlib.sha256(zlib.decompress(sys.stdin.buffer.read())).hexdigest())",
            input: stream)
    }

    /// What an independent PNG decoder (chunk walk, CRC check, inflate, unfilter) found in a file.
    struct DecodedPNG: Decodable {
        var width: Int
        var height: Int
        var bitDepth: Int
        var colorType: Int
        var chunks: [String]
        var crcValid: Bool
        var pixelDigest: String
    }

    static func decodePNG(_ file: [UInt8]) async throws -> DecodedPNG {
        let output = try await run(pngDecoder, input: file)
        return try JSONDecoder().decode(DecodedPNG.self, from: Data(output.utf8))
    }

    private static let pngDecoder = """
        import sys, zlib, struct, hashlib, json
        data = sys.stdin.buffer.read()
        assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'bad signature'
        pos, chunks, idat, crc_ok = 8, [], b'', True
        while pos < len(data):
            length, = struct.unpack('>I', data[pos:pos+4])
            ctype = data[pos+4:pos+8]
            body = data[pos+8:pos+8+length]
            crc, = struct.unpack('>I', data[pos+8+length:pos+12+length])
            crc_ok = crc_ok and (zlib.crc32(ctype + body) & 0xffffffff) == crc
            chunks.append(ctype.decode('ascii'))
            if ctype == b'IHDR':
                width, height, depth, color, _, _, _ = struct.unpack('>IIBBBBB', body)
            elif ctype == b'IDAT':
                idat += body
            pos += 12 + length
        raw = zlib.decompress(idat)
        stride = width * 3
        assert len(raw) == height * (stride + 1), 'wrong IDAT size'
        out, prev = bytearray(), bytearray(stride)
        for y in range(height):
            start = y * (stride + 1)
            f, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
            for i in range(stride):
                a = line[i - 3] if i >= 3 else 0
                b = prev[i]
                c = prev[i - 3] if i >= 3 else 0
                if f == 1: line[i] = (line[i] + a) & 255
                elif f == 2: line[i] = (line[i] + b) & 255
                elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[i] = (line[i] + (a if pa <= pb and pa <= pc else (b if pb <= pc else c))) & 255
                else: assert f == 0, 'bad filter %d' % f
            out += line
            prev = line
        print(json.dumps({'width': width, 'height': height, 'bitDepth': depth, 'colorType': color,
            'chunks': chunks, 'crcValid': crc_ok, 'pixelDigest': hashlib.sha256(bytes(out)).hexdigest()}))
        """
}
