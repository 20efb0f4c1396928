import Foundation

/// `horde-gateway`: serves the AI Horde v2 API; `horde-gateway user create …` is the operator command.
@main
struct GatewayMain {
    /// Dispatches to the operator command or the server and exits with its status.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "user" {
            exit(await UserCommand.run(Array(arguments.dropFirst())))
        }
        exit(await GatewayServer.run())
    }
}
