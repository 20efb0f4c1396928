import Foundation

/// C string arrays for libpq calls that take `const char *const *` (keywords and values).
enum PQCString {
    /// Calls `body` with a NULL-terminated array of C copies of `strings`, freed when `body` returns.
    static func withArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        defer { for copy in copies { free(copy) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
