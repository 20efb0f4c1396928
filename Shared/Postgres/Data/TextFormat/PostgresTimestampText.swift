import Foundation

/// `timestamptz`, `timestamp` and `date` values in PostgreSQL's ISO text format.
///
/// Written by hand (proleptic Gregorian calendar arithmetic) rather than with `DateFormatter`, which is slow,
/// locale-sensitive and does not carry microseconds. Connections set `DateStyle=ISO` and `TimeZone=UTC`, but the
/// parser accepts any offset so a changed session setting cannot corrupt values.
enum PostgresTimestampText {
    /// `YYYY-MM-DD HH:MM:SS.ffffff+00`, rounded to the microsecond; years before 1 AD carry ` BC`.
    static func format(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = interval.rounded(.down)
        var micros = ((interval - seconds) * 1_000_000).rounded()
        if micros >= 1_000_000 {
            seconds += 1
            micros -= 1_000_000
        }
        let whole = Int64(seconds)
        let days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
        let secondOfDay = whole - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        let displayYear = year > 0 ? year : 1 - year
        var text = pad(displayYear, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + " "
        text += pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        text += "." + pad(Int64(micros), 6) + "+00"
        if year <= 0 { text += " BC" }
        return text
    }

    /// Parses `YYYY-MM-DD[( |T)HH:MM:SS[.f…]][Z|±HH[:MM[:SS]]][ BC]`, and `infinity`/`-infinity` as the
    /// distant future/past. A value without an offset is taken as UTC.
    static func parse(_ text: String) -> Date? {
        switch text {
        case "infinity": return .distantFuture
        case "-infinity": return .distantPast
        default: break
        }
        var scanner = ByteScanner(Array(text.utf8))
        var bc = false
        if scanner.bytes.count > 3, scanner.bytes.suffix(3) == Array(" BC".utf8) {
            bc = true
            scanner.bytes.removeLast(3)
        }
        guard var year = scanner.number(minDigits: 4), scanner.take("-"),
            let month = scanner.number(exactDigits: 2), scanner.take("-"),
            let day = scanner.number(exactDigits: 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        if bc { year = 1 - year }
        var secondOfDay: Int64 = 0
        var fraction = 0.0
        var offset: Int64 = 0
        if scanner.take(" ") || scanner.take("T") {
            guard let hour = scanner.number(exactDigits: 2), scanner.take(":"),
                let minute = scanner.number(exactDigits: 2), scanner.take(":"),
                let second = scanner.number(exactDigits: 2), hour <= 24, minute < 60, second < 61
            else { return nil }
            secondOfDay = hour * 3600 + minute * 60 + second
            if scanner.take(".") {
                guard let digits = scanner.digits(), !digits.isEmpty else { return nil }
                var scale = 0.1
                for digit in digits {
                    fraction += Double(digit) * scale
                    scale /= 10
                }
            }
            if scanner.take("Z") {
                offset = 0
            } else if let sign = scanner.sign() {
                guard let hours = scanner.number(exactDigits: 2) else { return nil }
                var total = hours * 3600
                if scanner.take(":") {
                    guard let minutes = scanner.number(exactDigits: 2) else { return nil }
                    total += minutes * 60
                    if scanner.take(":") {
                        guard let seconds = scanner.number(exactDigits: 2) else { return nil }
                        total += seconds
                    }
                }
                offset = sign * total
            }
        }
        guard scanner.isAtEnd else { return nil }
        let epochSeconds = days(fromCivil: year, month, day) * 86_400 + secondOfDay - offset
        return Date(timeIntervalSince1970: Double(epochSeconds) + fraction)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (astronomical year numbering: 0 is 1 BC).
    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (astronomical year numbering).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// A cursor over ASCII bytes for the small hand-written parsers of this module.
private struct ByteScanner {
    /// The text being read.
    var bytes: [UInt8]
    /// The position of the next byte.
    var index = 0

    /// A cursor at the start of `bytes`.
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// True when every byte was read.
    var isAtEnd: Bool { index == bytes.count }

    /// Consumes `character` if it is next.
    mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    /// `+1` or `-1` if the next byte is a sign.
    mutating func sign() -> Int64? {
        if take("+") { return 1 }
        if take("-") { return -1 }
        return nil
    }

    /// The run of decimal digits at the cursor, as values 0…9.
    mutating func digits() -> [UInt8]? {
        var result: [UInt8] = []
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            result.append(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        return result
    }

    /// A number of exactly `count` digits, or nil (consuming nothing).
    mutating func number(exactDigits count: Int) -> Int64? {
        let start = index
        guard let digits = digits(), digits.count == count else {
            index = start
            return nil
        }
        return digits.reduce(0) { $0 * 10 + Int64($1) }
    }

    /// A number of `count` to 9 digits, or nil (consuming nothing).
    mutating func number(minDigits count: Int) -> Int64? {
        let start = index
        guard let digits = digits(), digits.count >= count, digits.count <= 9 else {
            index = start
            return nil
        }
        return digits.reduce(0) { $0 * 10 + Int64($1) }
    }
}

extension Date {
    /// This time as a `timestamptz` column stores it (whole microseconds), so a value kept in memory equals the one
    /// read back.
    package var postgresPrecision: Date {
        PostgresTimestampText.parse(PostgresTimestampText.format(self)) ?? self
    }
}
