/// A change of a consumer's partition assignment, in the order the group coordinator decided it.
package enum KafkaRebalanceEvent: Sendable, Equatable {
    /// These partitions were added to the assignment.
    case assigned([KafkaTopicPartition])
    /// These partitions were taken away. `lost` means the member was already out of the group (for example a
    /// missed session timeout), so offsets of in-flight work could not be committed for them.
    case revoked([KafkaTopicPartition], lost: Bool)

    /// The partitions this event names.
    package var partitions: [KafkaTopicPartition] {
        switch self {
        case .assigned(let partitions), .revoked(let partitions, _): partitions
        }
    }
}
