/// A `HORDE_WORKER_*` setting that is set but cannot be used.
struct WorkerConfigError: Error, CustomStringConvertible {
    let key: String
    let value: String
    let expected: String
    var description: String { "\(key)=\(value) is not valid: expected \(expected)" }
}
