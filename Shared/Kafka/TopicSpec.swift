/// A topic to create at start-up.
package struct TopicSpec: Sendable, Hashable {
    /// The topic name.
    package var name: String
    /// The number of partitions.
    package var partitions: Int
    /// The number of replicas of each partition. Default: 1.
    package var replicationFactor: Int = 1

    /// A topic `name` with `partitions` partitions of `replicationFactor` replicas.
    package init(name: String, partitions: Int, replicationFactor: Int = 1) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
    }
}
