/// A configuration file that cannot be used, with the file and the JSON location of the problem.
struct BackendConfigurationError: Error, Equatable, CustomStringConvertible {
    /// The file's path.
    var file: String
    /// Where in the document, e.g. `backends.kobold.url`; empty for the whole file.
    var location: String
    /// What is wrong and what is expected.
    var problem: String

    /// `file: location: problem`.
    var description: String {
        location.isEmpty ? "\(file): \(problem)" : "\(file): \(location): \(problem)"
    }
}
