/// `ActiveModelLite`: a model name and how many workers serve it.
package struct ActiveModelLite: Codable, Sendable, Equatable {
    /// The model's name.
    package var name: String
    /// Workers serving it.
    package var count: Int

    /// A model count.
    package init(name: String, count: Int) {
        self.name = name
        self.count = count
    }
}
