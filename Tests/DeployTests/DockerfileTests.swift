import Foundation
import Testing

@Suite("deploy/Dockerfile")
struct DockerfileTests {
    /// The keys the runtime stage sets with `ENV`: defaults every container of the image starts with.
    static func runtimeEnvironmentKeys() throws -> Set<String> {
        let runtime = try #require(try dockerfile().stages.last)
        var keys: Set<String> = []
        for arguments in runtime.arguments(of: "ENV") {
            for word in arguments.split(separator: " ") where word.contains("=") {
                keys.insert(String(word.split(separator: "=")[0]))
            }
        }
        return keys
    }

    private static func dockerfile() throws -> Dockerfile {
        Dockerfile(text: try Repository.text("deploy/Dockerfile"))
    }

    @Test("builds in a Swift 6 bookworm image with the three C libraries' headers")
    func builderStage() throws {
        let stages = try Self.dockerfile().stages
        try #require(stages.count >= 2, "the Dockerfile is not multi-stage")
        let builder = stages[0]
        #expect(builder.image.hasPrefix("swift:6.") && builder.image.hasSuffix("-bookworm"), "\(builder.image)")
        #expect(builder.aptPackages.isSuperset(of: ["libpq-dev", "libhiredis-dev", "librdkafka-dev"]))
        let runs = builder.arguments(of: "RUN").joined(separator: "\n")
        #expect(runs.contains("swift build -c release --static-swift-stdlib"))
        for service in hordeServices {
            #expect(runs.contains(service), "the builder does not collect horde-\(service)")
        }
    }

    @Test("ships a bookworm-slim runtime with libpq5, libhiredis0.14, librdkafka1, libcurl4 and curl")
    func runtimeStage() throws {
        let stages = try Self.dockerfile().stages
        let runtime = try #require(stages.last)
        #expect(runtime.image == "debian:bookworm-slim")
        let runtimeLibraries: Set = ["libpq5", "libhiredis0.14", "librdkafka1", "libcurl4", "ca-certificates", "curl"]
        #expect(runtime.aptPackages.isSuperset(of: runtimeLibraries), "\(runtime.aptPackages)")
        #expect(runtime.aptPackages.allSatisfy { !$0.hasSuffix("-dev") }, "\(runtime.aptPackages)")
        let builderName = try #require(stages.first?.name, "the builder stage has no name")
        let copies = runtime.arguments(of: "COPY").filter { $0.contains("--from=\(builderName)") }
        #expect(copies.contains { $0.hasSuffix(" /usr/local/bin/") }, "the executables are not copied onto PATH")
        #expect(runtime.arguments(of: "USER").first.map { $0 != "root" && $0 != "0" } == true, "runs as root")
    }

    @Test("keeps build output and local state out of the build context")
    func buildContextIgnoresLocalState() throws {
        let ignored = Set(try Repository.text("deploy/Dockerfile.dockerignore").split(separator: "\n").map(String.init))
        #expect(ignored.isSuperset(of: [".build", ".horde", ".git"]))
    }
}
