/// A file or tool the deploy tests read is missing or answered unexpectedly; the message says which and why.
struct DeployTestError: Error, CustomStringConvertible {
    /// What went wrong and how to fix it.
    let description: String

    init(_ description: String) { self.description = description }
}
