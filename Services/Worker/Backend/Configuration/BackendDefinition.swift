/// One entry of the configuration file's `backends`: what kind of server and where.
struct BackendDefinition: Sendable, Equatable {
    /// The server's API.
    var type: BackendType
    /// Where it listens and its limits; nil for the CPU backend.
    var endpoint: BackendEndpoint?
    /// Workflows and checkpoints of a ComfyUI backend.
    var comfy: ComfyUISettings? = nil
}
