import Foundation
import HordeCore

/// `horde-worker`: runs jobs from an AI Horde on the built-in CPU backend.
@main
struct WorkerMain {
    static func main() async {
        print("horde-worker \(WorkerVersion.current)")
    }
}
