import Foundation
import HordeCore

/// The documents (`terms`, `privacy`, `sponsors`): `<name>.md` and/or `<name>.html` from the operator's
/// directory (a missing format is derived from the other: markdown rendered, HTML served as is), or the built-in
/// text.
enum DocumentLibrary {
    /// The document names, as in the paths.
    static let names = ["terms", "privacy", "sponsors"]

    /// The document `name`, read from `directory` when it has it.
    static func load(_ name: String, directory: String?, logger: Logger) -> HordeDocumentText {
        if let directory {
            let base = URL(fileURLWithPath: directory).appendingPathComponent(name)
            let markdown = try? String(contentsOf: base.appendingPathExtension("md"), encoding: .utf8)
            let html = try? String(contentsOf: base.appendingPathExtension("html"), encoding: .utf8)
            if markdown != nil || html != nil {
                return HordeDocumentText(
                    markdown: markdown ?? html ?? "", html: html ?? MarkdownRenderer.html(markdown ?? ""))
            }
            logger.warning("document not found, serving the built-in text", ["document": name, "directory": directory])
        }
        let markdown = builtIn[name] ?? "# \(name.capitalized)\n"
        return HordeDocumentText(markdown: markdown, html: MarkdownRenderer.html(markdown))
    }

    private static let builtIn: [String: String] = [
        "terms": """
            # Terms of Service

            This horde brokers image and text generation between requesters and volunteer workers.

            - Do not request content that is illegal where you or the workers are.
            - Do not request sexual content involving minors. Such prompts are refused and reported.
            - Workers must return the result of the job they were given, without alteration.
            - Moderators may time out IP addresses, block workers and remove accounts that break these terms.

            The service is provided as is, without warranty of any kind.
            """,
        "privacy": """
            # Privacy Policy

            This horde stores what it needs to run: your account, hashed API keys, your requests until they expire,
            and the IP address a request or worker came from, for abuse prevention.

            - Prompts and results are deleted when their request expires, unless you chose to share them.
            - Prompts refused by the filters are kept for moderator review.
            - Nothing is sold or shared with third parties.
            """,
        "sponsors": """
            # Sponsors

            This horde runs on the machines of its volunteer workers. Thank you to everyone who shares their
            hardware.
            """,
    ]
}
