import Foundation

@testable import Gateway

/// The model reference the local stack ships (`deploy/model-reference/`), as the tests' reference.
enum ModelReferenceFixture {
    /// The repository's root, from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The shipped image list.
    static let imagePath = root.appendingPathComponent("deploy/model-reference/image.json").path
    /// The shipped text list.
    static let textPath = root.appendingPathComponent("deploy/model-reference/text.json").path

    /// Both shipped lists, parsed.
    static let reference: ModelReference = {
        let image = (try? Data(contentsOf: URL(fileURLWithPath: imagePath))).map { Array($0) } ?? []
        let text = (try? Data(contentsOf: URL(fileURLWithPath: textPath))).map { Array($0) } ?? []
        return ModelReference(
            image: (try? ModelReferenceParser.imageModels(image)) ?? [],
            text: (try? ModelReferenceParser.textModels(text)) ?? [])
    }()
}
