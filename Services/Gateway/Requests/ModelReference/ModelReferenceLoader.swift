import Dispatch
import Foundation
import HTTP
import HordeCore

/// Loads the image and text model references from their sources (an `http(s)://` URL or a file path; empty
/// means none) into a `ModelReferenceStore`, at start-up and then every `refreshInterval`. A failed load keeps
/// the previous lists: the reference changes rarely, and a stale list only costs accuracy.
struct ModelReferenceLoader: Service {
    /// For logs.
    let name = "model-reference"
    /// Where the image list comes from.
    let imageSource: String
    /// Where the text list comes from.
    let textSource: String
    /// How often to reload.
    let refreshInterval: Duration
    /// Where loaded references go.
    let store: ModelReferenceStore
    /// The process logger.
    let logger: Logger

    /// Loads both lists once; a list that fails to load keeps its previous contents. Returns whether both loaded.
    @discardableResult
    func loadOnce() async -> Bool {
        let previous = store.current
        var imageModels = Array(previous.image.values)
        var textModels = previous.text
        var complete = true
        if !imageSource.isEmpty {
            do {
                imageModels = try ModelReferenceParser.imageModels(try await Self.fetch(imageSource))
            } catch {
                complete = false
                logger.warning("image model reference not loaded", ["source": imageSource, "error": "\(error)"])
            }
        }
        if !textSource.isEmpty {
            do {
                textModels = try ModelReferenceParser.textModels(try await Self.fetch(textSource))
            } catch {
                complete = false
                logger.warning("text model reference not loaded", ["source": textSource, "error": "\(error)"])
            }
        }
        store.replace(ModelReference(image: imageModels, text: textModels))
        logger.info(
            "model reference loaded",
            ["image.models": String(imageModels.count), "text.models": String(textModels.count)])
        return complete
    }

    /// Reloads every `refreshInterval` until shutdown (the first load happens before the service starts). With
    /// no source it only waits: a service that returns early would stop the whole process.
    func run() async throws {
        if imageSource.isEmpty && textSource.isEmpty {
            await gracefulShutdownTriggered()
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await gracefulShutdownTriggered() }
            group.addTask {
                while !Task.isCancelled {
                    do {
                        try await Task.sleep(for: refreshInterval)
                    } catch {
                        return
                    }
                    await loadOnce()
                }
            }
            // Whichever ends first (shutdown, or the loop on cancellation) ends the other.
            await group.next()
            group.cancelAll()
        }
    }

    /// The bytes at `source`: a URL's body (status 200 only) or a file's contents.
    static func fetch(_ source: String) async throws -> [UInt8] {
        let lowered = source.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
            let response = try await HTTPClient.shared.get(source, timeout: .seconds(30))
            guard response.status == 200 else {
                throw ModelReferenceParser.Failure(description: "HTTP \(response.status) from \(source)")
            }
            return response.body
        }
        let path = lowered.hasPrefix("file://") ? String(source.dropFirst("file://".count)) : source
        // File reads block: keep them off the cooperative pool.
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                if let data = FileManager.default.contents(atPath: path) {
                    continuation.resume(returning: Array(data))
                } else {
                    continuation.resume(throwing: ModelReferenceParser.Failure(description: "cannot read \(path)"))
                }
            }
        }
    }
}
