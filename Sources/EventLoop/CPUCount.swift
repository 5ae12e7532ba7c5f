import CPlatform

/// How many loops to run by default: one per CPU this process may use (so `taskset -c 0` gives one).
public func availableCPUCount() -> Int {
    Int(cplatform_cpu_count())
}
