/// Token times come from whoever signed the token and may sit at either end of `Int64` (PHP's
/// `PHP_INT_MAX` as "never expires"): every sum or difference involving one saturates instead of
/// trapping, so no claim value can stop the process.
extension Int64 {
    /// `self + other`, clamped to `Int64.min...Int64.max`.
    public func addingSaturating(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }

    /// `self - other`, clamped to `Int64.min...Int64.max`.
    public func subtractingSaturating(_ other: Int64) -> Int64 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        guard overflow else { return difference }
        return other > 0 ? .min : .max
    }
}
