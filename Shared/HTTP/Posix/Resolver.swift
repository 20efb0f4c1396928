import Dispatch
import Glibc
internal import CSystemShims

/// Host name resolution. `getaddrinfo` blocks, so it runs on a private dispatch queue, never on the
/// cooperative pool; numeric addresses skip it.
package enum Resolver {
    private static let queue = DispatchQueue(label: "horde.http.resolver", attributes: .concurrent)

    /// The addresses of `host` (numeric IPv4/IPv6 or a name), IPv4 first.
    package static func resolve(host: String, port: Int) async throws -> [SocketAddress] {
        if let numeric = SocketAddress(ip: host, port: port) { return [numeric] }
        if host == "localhost" {
            return [SocketAddress(ip: "127.0.0.1", port: port), SocketAddress(ip: "::1", port: port)].compactMap {
                $0
            }
        }
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: lookup(host: host, port: port)) }
        }
    }

    /// The corresponding C function is `getaddrinfo` (TCP, any family).
    private static func lookup(host: String, port: Int) -> Result<[SocketAddress], IOError> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, String(port), &hints, &list)
        guard code == 0, let first = list else { return .failure(IOError(call: "getaddrinfo", errno: EHOSTUNREACH)) }
        defer { freeaddrinfo(first) }
        var v4: [SocketAddress] = []
        var v6: [SocketAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let raw = entry.pointee.ai_addr {
                let address = SocketAddress.reading { pointer, length in
                    let size = Int(min(length.pointee, entry.pointee.ai_addrlen))
                    UnsafeMutableRawPointer(pointer).copyMemory(from: raw, byteCount: size)
                    length.pointee = socklen_t(size)
                }
                if let address { if address.family == AF_INET { v4.append(address) } else { v6.append(address) } }
            }
            cursor = entry.pointee.ai_next
        }
        let all = v4 + v6
        return all.isEmpty ? .failure(IOError(call: "getaddrinfo", errno: EHOSTUNREACH)) : .success(all)
    }
}
