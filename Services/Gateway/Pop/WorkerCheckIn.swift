import Foundation
import Messages

/// What a pop says about the worker, as stored in `gateway.workers`.
struct WorkerCheckIn: Sendable, Equatable {
    var name: String
    var kind: RequestKind
    var bridgeAgent: String
    var models: [String]
    var nsfw: Bool
    var threads: Int
    var maxPixels: Int = 262_144
    var maxLength: Int = 512
    var maxContextLength: Int = 2048
    var allowImg2Img = true
    var allowPainting = true
    var allowPostProcessing = true
    var allowControlNet = false
    var allowSdxlControlNet = false
    var allowLora = false
    var ipAddress: String
}

/// A worker's stored identity and the switches moderators and owners set.
struct WorkerRecord: Sendable, Equatable {
    var id: UUID
    var name: String
    var ownerId: Int
    var kind: RequestKind
    var maintenance: Bool
    var paused: Bool
}
