@testable import PostgresStore
import Store
import Testing

/// A real goes to PostgreSQL as the `numeric` of its exact value, so that it compares with
/// integers as SQLite compares a REAL with an INTEGER (`ParameterEncoding`).
@Suite struct ExactDecimalTests {
    @Test(arguments: [
        (1.2345678901234568e18, "1234567890123456768"),
        (0x1p63, "9223372036854775808"),
        (-0.0, "0"),
        (0.5, "0.5"),
        (-2.25, "-2.25"),
        (1e20, "100000000000000000000"),
    ])
    func exactValues(_ value: Double, _ expected: String) {
        #expect(SQLValue.exactDecimal(value) == expected)
    }

    @Test func fractionsKeepEveryDigitOfTheBinaryValue() {
        #expect(SQLValue.exactDecimal(0.1) == "0.1000000000000000055511151231257827021181583404541015625")
        // 2^-1074 is 5^1074 / 10^1074: 1074 fractional digits, the last a 5.
        let smallest = SQLValue.exactDecimal(Double.leastNonzeroMagnitude)
        #expect(smallest.count == 2 + 1074)
        #expect(smallest.hasPrefix("0." + String(repeating: "0", count: 323) + "4940656458412465"))
        #expect(smallest.hasSuffix("5"))
        #expect(SQLValue.exactDecimal(Double.greatestFiniteMagnitude).count == 309)
    }
}
