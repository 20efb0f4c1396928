import Foundation

/// A Dockerfile read the way `docker build` reads it: comments dropped, continuation lines joined, global
/// `ARG` defaults substituted into `FROM`, instructions grouped by stage.
struct Dockerfile: Sendable {
    /// One instruction: `RUN`, `COPY`, `ENV`… (upper-cased) and the rest of its logical line.
    struct Instruction: Sendable {
        let keyword: String
        let arguments: String
    }

    /// One `FROM` stage.
    struct Stage: Sendable {
        /// The base image, with global `ARG` defaults substituted.
        let image: String
        /// The `AS` name, if any.
        let name: String?
        /// The stage's instructions after its `FROM`.
        var instructions: [Instruction]

        /// The arguments of every instruction with this keyword.
        func arguments(of keyword: String) -> [String] {
            instructions.filter { $0.keyword == keyword }.map(\.arguments)
        }

        /// Every package named after `apt-get install` in the stage's `RUN` instructions.
        var aptPackages: Set<String> {
            var packages: Set<String> = []
            for run in arguments(of: "RUN") {
                let commands = run.split(separator: "&&").flatMap { $0.split(separator: ";") }
                for command in commands {
                    let words = command.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                    guard let apt = words.firstIndex(of: "apt-get"),
                        let install = words[apt...].firstIndex(of: "install")
                    else { continue }
                    packages.formUnion(words[(install + 1)...].filter { !$0.hasPrefix("-") })
                }
            }
            return packages
        }
    }

    /// The stages in file order; the last one is the image `docker build` produces.
    let stages: [Stage]

    init(text: String) {
        var logicalLines: [String] = []
        var pending = ""
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingWhitespace
            if line.hasPrefix("#") || (line.isEmpty && pending.isEmpty) { continue }
            if line.hasSuffix("\\") {
                pending += line.dropLast() + " "
                continue
            }
            logicalLines.append(pending + line)
            pending = ""
        }
        if !pending.isEmpty { logicalLines.append(pending) }

        var globalArguments: [String: String] = [:]
        var stages: [Stage] = []
        for line in logicalLines where !line.isEmpty {
            let parts = line.split(separator: " ", maxSplits: 1)
            let keyword = parts[0].uppercased()
            let arguments = parts.count > 1 ? String(parts[1]).trimmingWhitespace : ""
            if keyword == "FROM" {
                let words = arguments.split(separator: " ").map(String.init)
                let image = Dockerfile.substitute(words.first ?? "", globalArguments)
                let name = words.count >= 3 && words[1].uppercased() == "AS" ? words[2] : nil
                stages.append(Stage(image: image, name: name, instructions: []))
            } else if stages.isEmpty {
                if keyword == "ARG" {
                    let assignment = arguments.split(separator: "=", maxSplits: 1).map(String.init)
                    globalArguments[assignment[0]] = assignment.count > 1 ? assignment[1] : ""
                }
            } else {
                stages[stages.count - 1].instructions.append(Instruction(keyword: keyword, arguments: arguments))
            }
        }
        self.stages = stages
    }

    /// Replaces `${NAME}` and `$NAME` with the global `ARG` defaults.
    private static func substitute(_ text: String, _ arguments: [String: String]) -> String {
        var result = text
        for (name, value) in arguments {
            result = result.replacingOccurrences(of: "${\(name)}", with: value)
                .replacingOccurrences(of: "$\(name)", with: value)
        }
        return result
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    fileprivate var trimmingWhitespace: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
