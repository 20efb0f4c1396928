/// `DeletedWorker`: the worker `DELETE /v2/workers/{id}` removed.
package struct DeletedWorker: Codable, Sendable, Equatable {
    /// The worker's id.
    package var deletedId: String
    /// The worker's name.
    package var deletedName: String

    /// The deleted worker.
    package init(deletedId: String, deletedName: String) {
        self.deletedId = deletedId
        self.deletedName = deletedName
    }

    /// The wire names of the fields.
    package enum CodingKeys: String, CodingKey {
        case deletedId = "deleted_id"
        case deletedName = "deleted_name"
    }
}
