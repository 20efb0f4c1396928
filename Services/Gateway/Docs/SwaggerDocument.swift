import HTTP
import Messages

/// Builds the Swagger 2.0 document of the gateway from its route table: every registered route becomes an
/// operation (documented by `RouteDocs`, generically when the table lacks it), with `:name` segments as path
/// parameters and the definitions of `APIDefinitions`.
enum SwaggerDocument {
    /// Swagger 2.0 knows only these methods.
    static let documentedMethods: Set<HTTPMethod> = [.GET, .PUT, .POST, .DELETE, .OPTIONS, .HEAD, .PATCH]

    /// The document for `routes`.
    static func build(routes: [RouteEntry], version: String) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        var operationIds = Set<String>()
        for route in routes where documentedMethods.contains(route.method) {
            let (path, names) = swaggerPath(route.pattern)
            var item = paths[path]?.objectValue ?? [:]
            item[route.method.rawValue.lowercased()] = operation(
                route, doc: RouteDocs.doc(for: route), pathParameters: names, operationIds: &operationIds)
            paths[path] = .object(item)
        }
        return [
            "swagger": "2.0",
            "info": [
                "title": "Horde",
                "version": .string(version),
                "description": "The AI Horde v2 API as this gateway serves it, generated from its routes.",
            ],
            "basePath": "/",
            "produces": ["application/json"],
            "consumes": ["application/json"],
            "securityDefinitions": ["apikey": ["type": "apiKey", "in": "header", "name": "apikey"]],
            "tags": [
                ["name": "v2", "description": "The AI Horde v2 API"],
                ["name": "docs", "description": "This documentation"],
                ["name": "admin", "description": "Probes and metrics"],
            ],
            "paths": .object(paths),
            "definitions": .object(APIDefinitions.all),
        ]
    }

    /// `/api/v2/status/:id` → (`/api/v2/status/{id}`, ["id"]); `*` and `**` segments become `{segmentN}`/`{path}`.
    static func swaggerPath(_ pattern: String) -> (path: String, parameters: [String]) {
        var names: [String] = []
        let segments = pattern.split(separator: "/").enumerated().map { index, segment -> String in
            if segment.hasPrefix(":") {
                names.append(String(segment.dropFirst()))
            } else if segment == "*" {
                names.append("segment\(index)")
            } else if segment == "**" {
                names.append("path")
            } else {
                return String(segment)
            }
            return "{\(names.last ?? "")}"
        }
        return ("/" + segments.joined(separator: "/"), names)
    }

    private static func operation(
        _ route: RouteEntry, doc: RouteDoc, pathParameters: [String], operationIds: inout Set<String>
    ) -> JSONValue {
        var parameters: [JSONValue] = pathParameters.map {
            ["name": .string($0), "in": "path", "required": true, "type": "string"]
        }
        parameters.append([
            "name": "Client-Agent", "in": "header", "type": "string", "default": "unknown:0:unknown",
            "description": "The client name and version.",
        ])
        if doc.apiKey {
            parameters.append([
                "name": "apikey", "in": "header", "type": "string", "required": false,
                "description": "The user's API key; 0000000000 is the anonymous key.",
            ])
        }
        for query in doc.query {
            var parameter: [String: JSONValue] = [
                "name": .string(query.name), "in": "query", "type": .string(query.type),
                "description": .string(query.description),
            ]
            if !query.choices.isEmpty { parameter["enum"] = .array(query.choices.map(JSONValue.string)) }
            parameters.append(.object(parameter))
        }
        if let body = doc.body {
            parameters.append([
                "name": "payload", "in": "body", "required": true, "schema": ["$ref": .string("#/definitions/\(body)")],
            ])
        }
        var success: [String: JSONValue] = ["description": .string(doc.successDescription)]
        if let definition = doc.success.definition {
            let reference: JSONValue = ["$ref": .string("#/definitions/\(definition)")]
            success["schema"] = doc.success.isArray ? ["type": "array", "items": reference] : reference
        }
        var responses: [String: JSONValue] = [String(doc.success.status): .object(success)]
        for status in doc.errors {
            responses[String(status)] = [
                "description": .string(errorDescriptions[status] ?? "Error"), "schema": ["$ref": "#/definitions/RequestError"],
            ]
        }
        var operation: [String: JSONValue] = [
            "summary": .string(doc.summary),
            "operationId": .string(uniqueOperationId(route, in: &operationIds)),
            "tags": [.string(doc.tag)],
            "parameters": .array(parameters),
            "responses": .object(responses),
        ]
        if let description = doc.description { operation["description"] = .string(description) }
        return .object(operation)
    }

    private static let errorDescriptions = [
        400: "Validation Error", 401: "Invalid API Key", 403: "Access Denied", 404: "Not Found",
        429: "Too Many Requests", 503: "Not Ready",
    ]

    /// `get_api_v2_status_models_model_name`, made unique with a suffix when two routes collide.
    private static func uniqueOperationId(_ route: RouteEntry, in taken: inout Set<String>) -> String {
        let words = route.pattern.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "_")
        let base = route.method.rawValue.lowercased() + (words.isEmpty ? "_root" : "_" + words)
        var candidate = base
        var suffix = 2
        while !taken.insert(candidate).inserted {
            candidate = "\(base)_\(suffix)"
            suffix += 1
        }
        return candidate
    }
}
