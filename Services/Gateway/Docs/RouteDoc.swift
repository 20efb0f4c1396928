/// The documentation of one operation: what the swagger document and the `/api` page say about it.
struct RouteDoc: Sendable {
    /// A query parameter.
    struct Query: Sendable {
        /// Its name.
        var name: String
        /// `string`, `integer` or `boolean`.
        var type: String
        /// What it does.
        var description: String
        /// Allowed values, if restricted.
        var choices: [String] = []
    }

    /// Tag grouping the operation (`v2`, `admin`, `docs`).
    var tag = "v2"
    /// One line.
    var summary: String
    /// Longer notes.
    var description: String? = nil
    /// Whether the operation reads the `apikey` header.
    var apiKey = false
    /// Query parameters.
    var query: [Query] = []
    /// The definition of the JSON body, if any.
    var body: String? = nil
    /// Successful status and the definition of its body (nil: no schema).
    var success: (status: Int, definition: String?, isArray: Bool) = (200, nil, false)
    /// Error statuses the operation answers with (`RequestError` bodies).
    var errors: [Int] = []
    /// What the success body is, in words.
    var successDescription = "OK"
}
