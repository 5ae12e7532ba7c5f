import HTTP

/// `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of the REST API. The bytes are
/// docs/openapi.json, compiled into the binary (Package.swift), so a deployed server needs no
/// docs/ directory and cannot serve a document other than the one in the repository. Public like
/// `/healthz`: it describes the API, not any website's data.
enum OpenAPIRoute {
    static let path = "/api/v1/openapi.json"

    static func register(_ router: inout Router<Route>) {
        let response = JSONResponse.make(.ok, encoded: PackageResources.openapi_json)
        router.add(.get, path, .immediate { (_, _) throws(APIError) in response })
    }
}
