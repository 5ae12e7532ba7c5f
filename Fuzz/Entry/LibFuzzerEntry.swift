import FuzzTargets
import Glibc

// The libFuzzer entry points of `webchat-fuzz`. There is no `main`: the binary is linked with
// `-sanitize=fuzzer`, whose runtime brings one, so this target exists only in fuzzing builds
// (see Package.swift and docs/benchmarks/fuzz.sh).

/// The target named by `WEBCHAT_FUZZ_TARGET`, read once: one binary serves every target, so
/// the targets share one sanitized build.
let selectedTarget: FuzzTarget = {
    let name = getenv("WEBCHAT_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        let usage = Array("webchat-fuzz: set WEBCHAT_FUZZ_TARGET to one of: \(names)\n".utf8)
        _ = usage.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        exit(2)
    }
    return target
}()

/// Checks the target name before libFuzzer starts, so a wrong name is a usage error rather than
/// a crash it would record as a finding.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    _ = selectedTarget
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        try selectedTarget.check(input)
    } catch {
        // A broken property must stop the run like a crash does, so that libFuzzer saves the input.
        fatalError("\(selectedTarget.rawValue): \(error)")
    }
    return 0
}
