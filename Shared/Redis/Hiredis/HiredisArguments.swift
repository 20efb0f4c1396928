/// Builds the `argv`/`argvlen` arrays hiredis takes, valid only inside the closure.
enum HiredisArguments {
    /// Copies every argument into one buffer so a single set of pointers covers them all; a trailing zero
    /// byte keeps the buffer non-empty, so even empty arguments get a valid pointer.
    static func withArgv<Result>(
        _ arguments: [[UInt8]],
        _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> Result
    ) -> Result {
        var storage: [UInt8] = []
        storage.reserveCapacity(arguments.reduce(1) { $0 + $1.count })
        var offsets: [Int] = []
        var lengths: [Int] = []
        offsets.reserveCapacity(arguments.count)
        lengths.reserveCapacity(arguments.count)
        for argument in arguments {
            offsets.append(storage.count)
            lengths.append(argument.count)
            storage.append(contentsOf: argument)
        }
        storage.append(0)
        return storage.withUnsafeBytes { buffer in
            // `storage` is never empty, so its base address exists.
            let base = buffer.baseAddress.unsafelyUnwrapped
            var argv: [UnsafePointer<CChar>?] = offsets.map {
                base.advanced(by: $0).assumingMemoryBound(to: CChar.self)
            }
            return argv.withUnsafeMutableBufferPointer { argvBuffer in
                lengths.withUnsafeBufferPointer { lengthBuffer in
                    body(
                        Int32(arguments.count), argvBuffer.baseAddress.unsafelyUnwrapped,
                        lengthBuffer.baseAddress.unsafelyUnwrapped)
                }
            }
        }
    }
}
