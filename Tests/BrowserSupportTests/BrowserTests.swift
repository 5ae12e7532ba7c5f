import Testing

/// Every test that starts Chromium is nested in this suite, so that they run one after another:
/// several browsers at once would only fight over the two cores of the test machine.
@Suite(.serialized)
struct BrowserTests {}
