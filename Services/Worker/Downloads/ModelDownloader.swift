import Dispatch
import Foundation
import HordeCore
import Messages
import Synchronization

/// Fetches LoRa and textual inversion files from a CivitAI-style API into the backend's folders.
///
/// Lookup: `GET /api/v1/model-versions/{id}` for a version id, `GET /api/v1/models/{id}` for a model id (its
/// first, newest version), `GET /api/v1/models?query=&types=` for a name. Only a `.safetensors` file of the
/// version is taken; its size must match `sizeKB` and its SHA-256 `hashes.SHA256`, and its first bytes must be
/// a safetensors header (pickle streams and zip archives are refused). Files are written under a temporary name
/// and renamed once verified, so a backend never loads a partial file.
final class ModelDownloader: Sendable {
    /// Why a file could not be provided.
    struct Failure: Error, Equatable, CustomStringConvertible {
        /// What went wrong.
        var description: String
    }

    /// What a LoRa resolved to.
    struct ResolvedLora: Sendable, Equatable {
        /// The stored file's name (`<version id>.safetensors`).
        var fileName: String
        /// The version's trained words, for `inject_trigger`.
        var trainedWords: [String]
    }

    /// Settings.
    let configuration: ModelDownloadConfiguration
    private let transport: any HTTPTransport
    private let verified = Mutex<[String: ResolvedLora]>([:])
    private let queue = DispatchQueue(label: "horde.worker.downloads")

    /// A downloader with `configuration`, fetching through `transport`.
    init(configuration: ModelDownloadConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        self.transport = transport
    }

    /// The stored LoRa `request` names, downloaded and verified if it is not stored yet.
    func lora(_ request: LoraRequest) async throws -> ResolvedLora {
        let key = "lora:\(request.isVersion ? "v" : "m"):\(request.name)"
        if let known = verified.withLock({ $0[key] }) { return known }
        let version = try await lookUpVersion(request.name, isVersion: request.isVersion, type: "LORA")
        guard let versionId = version["id"]?.intValue else { throw Failure(description: "the version has no id") }
        let fileName = "\(versionId).safetensors"
        try await fetch(version, into: configuration.loraDirectory, as: fileName)
        let words = (version["trainedWords"]?.arrayValue ?? []).compactMap(\.stringValue)
        let resolved = ResolvedLora(fileName: fileName, trainedWords: words)
        verified.withLock { $0[key] = resolved }
        return resolved
    }

    /// Stores the textual inversion `request` names as `<name>.safetensors`, the name `embedding:<name>` loads.
    func embedding(_ request: TextualInversionRequest) async throws {
        let key = "ti:\(request.name)"
        if verified.withLock({ $0[key] }) != nil { return }
        guard request.name.allSatisfy({ $0.isLetter || $0.isNumber || "-_. ".contains($0) }), !request.name.hasPrefix(".") else {
            throw Failure(description: "embedding name \(request.name) cannot be a file name")
        }
        let version = try await lookUpVersion(request.name, isVersion: false, type: "TextualInversion")
        try await fetch(version, into: configuration.embeddingDirectory, as: "\(request.name).safetensors")
        verified.withLock { $0[key] = ResolvedLora(fileName: "\(request.name).safetensors", trainedWords: []) }
    }

    /// The version object: by version id, by model id (newest version) or by name.
    private func lookUpVersion(_ name: String, isVersion: Bool, type: String) async throws -> JSONValue {
        let digits = !name.isEmpty && name.allSatisfy { $0.isASCII && $0.isNumber }
        if isVersion {
            guard digits else { throw Failure(description: "version id \(name) is not a number") }
            return try await getJSON("/api/v1/model-versions/\(name)")
        }
        let model: JSONValue
        if digits {
            model = try await getJSON("/api/v1/models/\(name)")
        } else {
            let query = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name
            let found = try await getJSON("/api/v1/models?query=\(query)&types=\(type)&limit=20")
            let items = found["items"]?.arrayValue ?? []
            guard let match = items.first(where: { $0["name"]?.stringValue?.lowercased() == name.lowercased() }) ?? items.first
            else { throw Failure(description: "no model named \(name)") }
            model = match
        }
        guard let version = model["modelVersions"]?.arrayValue?.first else {
            throw Failure(description: "model \(name) has no versions")
        }
        return version
    }

    /// Downloads the version's safetensors file to `directory/fileName` unless a verified copy is there.
    private func fetch(_ version: JSONValue, into directory: String, as fileName: String) async throws {
        let files = version["files"]?.arrayValue ?? []
        guard let file = files.first(where: { SafetensorsCheck.isSafetensorsName($0["name"]?.stringValue ?? "") }) else {
            let names = files.compactMap { $0["name"]?.stringValue }.joined(separator: ", ")
            throw Failure(description: "no .safetensors file (only \(names.isEmpty ? "none" : names)); pickle formats are refused")
        }
        guard let sizeKB = file["sizeKB"]?.doubleValue, sizeKB > 0,
            let expectedHash = file["hashes"]?["SHA256"]?.stringValue?.lowercased(), expectedHash.count == 64,
            let url = file["downloadUrl"]?.stringValue
        else { throw Failure(description: "the file entry lacks sizeKB, hashes.SHA256 or downloadUrl") }
        let expectedBytes = sizeKB * 1024
        guard expectedBytes <= Double(configuration.maxBytes) else {
            throw Failure(description: "file of \(Int(sizeKB)) KB is larger than the \(configuration.maxBytes >> 20) MB limit")
        }
        let path = (directory as NSString).appendingPathComponent(fileName)
        let alreadyStored = (try? await offload { () -> Bool in
            guard let existing = try Self.readIfPresent(path) else { return false }
            return Self.hex(SHA256.hash(existing)) == expectedHash
        }) ?? false
        if alreadyStored { return }
        let bytes = try await download(url)
        guard abs(Double(bytes.count) - expectedBytes) <= 1024 else {
            throw Failure(description: "size \(bytes.count) bytes does not match sizeKB \(sizeKB)")
        }
        switch SafetensorsCheck.inspect(bytes) {
        case .safetensors: break
        case .pickle: throw Failure(description: "the file is in a pickle format; refused")
        case .unknown: throw Failure(description: "the file is not a safetensors file")
        }
        try await offload {
            let digest = Self.hex(SHA256.hash(bytes))
            guard digest == expectedHash else { throw Failure(description: "SHA-256 \(digest) does not match \(expectedHash)") }
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let partial = path + ".part"
            guard FileManager.default.createFile(atPath: partial, contents: Data(bytes)) else {
                throw Failure(description: "cannot write \(partial)")
            }
            _ = try? FileManager.default.removeItem(atPath: path)
            try FileManager.default.moveItem(atPath: partial, toPath: path)
        }
    }

    private func getJSON(_ path: String) async throws -> JSONValue {
        let body = try await get(configuration.baseURL + path, accept: "application/json")
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(body)) else {
            throw Failure(description: "\(path) did not answer JSON")
        }
        return value
    }

    /// The file at `url`, following up to five redirects (download links usually point at a CDN).
    private func download(_ url: String) async throws -> [UInt8] {
        try await get(url, accept: "application/octet-stream")
    }

    private func get(_ start: String, accept: String) async throws -> [UInt8] {
        var url = start
        for _ in 0..<6 {
            var headers = [("Accept", accept)]
            // The key goes only to the API's own host, never to a CDN a redirect points at.
            if let key = configuration.apiKey, !key.isEmpty, url.hasPrefix(configuration.baseURL) {
                headers.append(("Authorization", "Bearer \(key)"))
            }
            let response: TransportResponse
            do {
                response = try await transport.send(method: "GET", url: url, headers: headers, body: [], timeout: configuration.timeout)
            } catch let error as CancellationError {
                throw error
            } catch {
                throw Failure(description: "GET \(url) failed: \(error)")
            }
            if [301, 302, 303, 307, 308].contains(response.status), let location = response.header("Location") {
                url = location.hasPrefix("/") ? Self.origin(of: url) + location : location
                continue
            }
            guard (200..<300).contains(response.status) else {
                throw Failure(description: "GET \(url) answered HTTP \(response.status)")
            }
            return response.body
        }
        throw Failure(description: "too many redirects from \(start)")
    }

    private static func origin(of url: String) -> String {
        guard let parsed = URL(string: url), let scheme = parsed.scheme, let host = parsed.host else { return "" }
        return "\(scheme)://\(host)\(parsed.port.map { ":\($0)" } ?? "")"
    }

    private static func readIfPresent(_ path: String) throws -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path), let data = FileManager.default.contents(atPath: path) else {
            return nil
        }
        return [UInt8](data)
    }

    private static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// Hashing and file writes run on the download queue, off the cooperative pool.
    private func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
