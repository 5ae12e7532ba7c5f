import TestSupport

/// A certificate authority made for one test with the `openssl` command, in a temporary
/// directory, and server certificates it signs: what a real HTTPS receiver has, without trusting
/// anything outside the test.
struct TestCertificates {
    let folder: TemporaryDirectory
    var caFile: String { folder.path + "/ca.pem" }

    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    init() throws {
        folder = try TemporaryDirectory("webhook-tls")
        try Self.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                          "-keyout", folder.path + "/ca.key", "-out", caFile, "-days", "2", "-subj", "/CN=WebChatKit Test CA",
                          "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    }

    /// A certificate for `names` (DNS names and IP addresses of its subjectAltName), signed by
    /// this CA: the chain file and the key file.
    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    func server(_ label: String, names: [String]) throws -> (chain: String, key: String) {
        let base = folder.path + "/" + label
        let alternatives = names.map { name in name.first?.isNumber == true ? "IP:\(name)" : "DNS:\(name)" }.joined(separator: ",")
        _ = try folder.write(label + ".ext", "subjectAltName=\(alternatives)\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
        try Self.openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", base + ".key",
                          "-out", base + ".csr", "-subj", "/CN=\(names[0])"])
        try Self.openssl(["x509", "-req", "-in", base + ".csr", "-CA", caFile, "-CAkey", folder.path + "/ca.key", "-CAcreateserial",
                          "-out", base + ".pem", "-days", "2", "-extfile", base + ".ext"])
        return (base + ".pem", base + ".key")
    }

    func remove() { folder.remove() }

    @available(*, noasync, message: "blocks its thread: call it inside onThread")
    private static func openssl(_ arguments: [String]) throws {
        let result = try ChildProcess.run("/usr/bin/env", ["openssl"] + arguments)
        guard result.status == 0 else { throw RawClient.Failure(description: "openssl \(arguments[0]) failed: \(result.error)") }
    }
}
