internal import CLibPQ

/// The parameter arrays `PQexecParams`/`PQexecPrepared` take, valid only inside `with(_:sql:_:)`.
struct PQParameters {
    /// The number of parameters.
    let count: Int32
    /// Each parameter's type OID.
    let types: UnsafePointer<Oid>?
    /// Each parameter's bytes (NUL-terminated for text), or nil for NULL.
    let values: UnsafePointer<UnsafePointer<CChar>?>?
    /// Each parameter's length (read by libpq for binary parameters only).
    let lengths: UnsafePointer<Int32>?
    /// 0 (text) or 1 (binary) per parameter.
    let formats: UnsafePointer<Int32>?

    /// Copies `binds` into one buffer and calls `body` with pointers into it; nothing outlives the call.
    /// Throws `invalidQuery` for text holding a NUL character, which libpq would silently cut short.
    static func with<R>(
        _ binds: [PostgresBind], sql: String, _ body: (PQParameters) -> R
    ) throws(PostgresError) -> R {
        guard !binds.isEmpty else {
            return body(PQParameters(count: 0, types: nil, values: nil, lengths: nil, formats: nil))
        }
        var storage: [UInt8] = []
        var offsets: [Int?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        for (position, bind) in binds.enumerated() {
            switch bind.value {
            case .null:
                offsets.append(nil)
                lengths.append(0)
                formats.append(0)
            case .text(let text):
                let start = storage.count
                storage.append(contentsOf: text.utf8)
                guard !storage[start...].contains(0) else {
                    throw PostgresError(
                        .invalidQuery, message: "parameter $\(position + 1) contains a NUL character", query: sql)
                }
                storage.append(0)
                offsets.append(start)
                lengths.append(Int32(storage.count - start - 1))
                formats.append(0)
            case .binary(let bytes):
                guard bytes.count < Int(Int32.max) else {
                    throw PostgresError(.invalidQuery, message: "parameter $\(position + 1) is too large", query: sql)
                }
                offsets.append(storage.count)
                storage.append(contentsOf: bytes)
                lengths.append(Int32(bytes.count))
                formats.append(1)
            }
        }
        // An empty binary value still needs a valid, non-NULL pointer.
        storage.append(0)
        let types = binds.map { Oid($0.type.oid) }
        return storage.withUnsafeBufferPointer { storage in
            let base = UnsafeRawPointer(storage.baseAddress!).assumingMemoryBound(to: CChar.self)
            let values: [UnsafePointer<CChar>?] = offsets.map { $0.map { base + $0 } }
            return types.withUnsafeBufferPointer { types in
                values.withUnsafeBufferPointer { values in
                    lengths.withUnsafeBufferPointer { lengths in
                        formats.withUnsafeBufferPointer { formats in
                            body(
                                PQParameters(
                                    count: Int32(binds.count), types: types.baseAddress, values: values.baseAddress,
                                    lengths: lengths.baseAddress, formats: formats.baseAddress))
                        }
                    }
                }
            }
        }
    }
}
