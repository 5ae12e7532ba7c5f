@testable import BrowserSupport
import JSON
import Testing

@Suite struct TruthinessTests {
    @Test(arguments: [JSONValue.null, false, 0, 0.0, ""])
    func falsyValues(value: JSONValue) {
        #expect(!value.isTruthy)
    }

    @Test(arguments: [JSONValue.bool(true), 1, -1, 0.5, "0", "false", [], [:]])
    func truthyValues(value: JSONValue) {
        #expect(value.isTruthy)
    }
}
