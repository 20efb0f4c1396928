import Foundation
import Messages

/// What a pop says about the worker, as stored in `gateway.workers`.
struct WorkerCheckIn: Sendable, Equatable {
    /// The worker's unique name.
    var name: String
    /// Image or text worker.
    var kind: RequestKind
    /// `name:version:url` of the worker software.
    var bridgeAgent: String
    /// Models served.
    var models: [String]
    /// Takes NSFW requests.
    var nsfw: Bool
    /// Parallel jobs.
    var threads: Int
    /// Image workers: largest width × height.
    var maxPixels: Int = 262_144
    /// Text workers: most tokens generated.
    var maxLength: Int = 512
    /// Text workers: most context tokens.
    var maxContextLength: Int = 2048
    /// Takes img2img.
    var allowImg2Img = true
    /// Takes inpainting/outpainting.
    var allowPainting = true
    /// Takes post-processing.
    var allowPostProcessing = true
    /// Takes ControlNet.
    var allowControlNet = false
    /// Takes SDXL ControlNet.
    var allowSdxlControlNet = false
    /// Takes LoRas.
    var allowLora = false
    /// Where the pop came from.
    var ipAddress: String
}

/// A worker's stored identity and the switches moderators and owners set.
struct WorkerRecord: Sendable, Equatable {
    /// The worker id (derived from the name).
    var id: UUID
    /// The worker's unique name.
    var name: String
    /// The owning user.
    var ownerId: Int
    /// Image or text worker.
    var kind: RequestKind
    /// Serves only its owner's requests.
    var maintenance: Bool
    /// Set by moderators: gets no real work.
    var paused: Bool
    /// What a maintenance worker's pops are refused with (nil: the default text).
    var maintenanceMessage: String? = nil
    /// Whether unexpired messages (its own or broadcasts) were waiting when the record was read; when false the pop
    /// skips reading them.
    var hasMessages = true
}
