import Messages
import ServiceKit

/// Collects schema violations (ranges, enums, lengths) so one response lists them all, as the reference's
/// validator does.
struct SchemaErrors {
    private(set) var errors: [String: String] = [:]

    /// Records a problem with `field`.
    mutating func add(_ field: String, _ problem: String) {
        if errors[field] == nil { errors[field] = problem }
    }

    /// Checks `minimum <= value <= maximum`.
    mutating func range<T: Comparable>(_ value: T?, _ field: String, _ minimum: T, _ maximum: T) {
        guard let value else { return }
        if value < minimum { add(field, "\(value) is less than the minimum of \(minimum)") }
        else if value > maximum { add(field, "\(value) is greater than the maximum of \(maximum)") }
    }

    /// Checks a string's length in characters.
    mutating func length(_ value: String?, _ field: String, min minimum: Int = 0, max maximum: Int = .max) {
        guard let value else { return }
        if value.count < minimum { add(field, "'\(value.prefix(40))' is too short") }
        else if value.count > maximum { add(field, "'\(value.prefix(40))…' is too long") }
    }

    /// Checks that `value` is one of `allowed`.
    mutating func oneOf(_ value: String?, _ field: String, _ allowed: Set<String>) {
        guard let value, !allowed.contains(value) else { return }
        add(field, "'\(value.prefix(60))' is not one of \(allowed.sorted())")
    }

    /// Throws the collected problems as one 400, if any.
    func throwIfAny() throws {
        if !errors.isEmpty { throw HordeError.validation(errors: errors) }
    }
}
