import HTTP

/// The documentation table, keyed by `METHOD pattern` as the routes are registered. Routes missing here are
/// still documented, by `generic(_:)`, so a route added anywhere appears in the document.
enum RouteDocs {
    /// Documentation of `route`: its table entry, or the generic one.
    static func doc(for route: RouteEntry) -> RouteDoc {
        table["\(route.method.rawValue) \(route.pattern)"] ?? generic(route)
    }

    /// What an undocumented route gets.
    static func generic(_ route: RouteEntry) -> RouteDoc {
        let admin = !route.pattern.hasPrefix("/api/")
        return RouteDoc(
            tag: admin ? "admin" : "v2", summary: "\(route.method.rawValue) \(route.pattern)", apiKey: !admin,
            body: [.POST, .PUT, .PATCH].contains(route.method) ? "GenericObject" : nil,
            success: (200, nil, false), errors: admin ? [] : [400, 401, 403, 404])
    }

    private static let modelState = RouteDoc.Query(
        name: "model_state", type: "string",
        description: "known: models in the model reference; custom: models not in it; all: both.",
        choices: ["known", "custom", "all"])

    /// The documented operations.
    static let table: [String: RouteDoc] = [
        "GET /api/v2/status/heartbeat": RouteDoc(
            summary: "Whether this API node is up, and its version", success: (200, "HordeHeartbeat", false)),
        "POST /api/v2/generate/async": RouteDoc(
            summary: "Queue an image request",
            description: "202 with the request id and its kudos; a dry run answers 200 with the price only.",
            apiKey: true, body: "GenerationInputStable", success: (202, "RequestAsync", false),
            errors: [400, 401, 403, 429]),
        "POST /api/v2/generate/text/async": RouteDoc(
            summary: "Queue a text request", apiKey: true, body: "GenerationInputKobold",
            success: (202, "RequestAsync", false), errors: [400, 401, 403, 429]),
        "GET /api/v2/generate/check/:id": RouteDoc(
            summary: "The progress of an image request, without its images",
            success: (200, "RequestStatusCheck", false), errors: [404]),
        "GET /api/v2/generate/status/:id": RouteDoc(
            summary: "The status of an image request with its images",
            success: (200, "RequestStatusStable", false), errors: [404]),
        "DELETE /api/v2/generate/status/:id": RouteDoc(
            summary: "Cancel an image request; answers its status as it was",
            success: (200, "RequestStatusStable", false), errors: [404]),
        "GET /api/v2/generate/text/status/:id": RouteDoc(
            summary: "The status of a text request with its texts",
            success: (200, "RequestStatusKobold", false), errors: [404]),
        "DELETE /api/v2/generate/text/status/:id": RouteDoc(
            summary: "Cancel a text request; answers its status as it was",
            success: (200, "RequestStatusKobold", false), errors: [404]),
        "POST /api/v2/generate/rate/:id": RouteDoc(
            summary: "Rate the images of a finished, shared image request",
            description: "5 kudos per rating (+5 with an artifacts rating), 15 for a best-of pick alone, at most the "
                + "kudos the request consumed minus 1, paid to the requester.",
            body: "AestheticsPayload", success: (200, "GenerationSubmitted", false), errors: [400, 404]),
        "POST /api/v2/generate/pop": RouteDoc(
            summary: "An image worker checks in and takes a job", apiKey: true, body: "PopInputStable",
            errors: [400, 401, 403]),
        "POST /api/v2/generate/text/pop": RouteDoc(
            summary: "A text worker checks in and takes a job", apiKey: true, body: "PopInputKobold",
            errors: [400, 401, 403]),
        "POST /api/v2/generate/submit": RouteDoc(
            summary: "An image worker delivers a job", apiKey: true, body: "SubmitInputStable",
            success: (200, "GenerationSubmitted", false), errors: [400, 401, 403, 404]),
        "POST /api/v2/generate/text/submit": RouteDoc(
            summary: "A text worker delivers a job", apiKey: true, body: "SubmitInputKobold",
            success: (200, "GenerationSubmitted", false), errors: [400, 401, 403, 404]),
        "GET /api/v2/status/models": RouteDoc(
            summary: "Models with workers or queued work",
            query: [
                .init(name: "type", type: "string", description: "image or text (default image).", choices: ["image", "text"]),
                .init(name: "min_count", type: "integer", description: "Only models with at least this many workers."),
                .init(name: "max_count", type: "integer", description: "Only models with at most this many workers."),
                modelState,
            ],
            success: (200, "ActiveModel", true), errors: [400]),
        "GET /api/v2/status/models/:model_name": RouteDoc(
            summary: "One model's workers and queue", success: (200, "ActiveModel", true)),
        "GET /api/v2/status/performance": RouteDoc(
            summary: "Queue and worker totals", success: (200, "HordePerformance", false)),
        "GET /api/v2/stats/img/totals": RouteDoc(
            summary: "Images generated in the last minute, hour, day, month and in total",
            success: (200, "StatsImgTotals", false)),
        "GET /api/v2/stats/img/models": RouteDoc(
            summary: "Images generated per model in the last day, month and in total", query: [modelState],
            success: (200, "ImgModelStats", false), errors: [400]),
        "GET /api/v2/stats/text/totals": RouteDoc(
            summary: "Texts generated in the last minute, hour, day, month and in total",
            success: (200, "StatsTxtTotals", false)),
        "GET /api/v2/stats/text/models": RouteDoc(
            summary: "Texts generated per model in the last day, month and in total", query: [modelState],
            success: (200, "TxtModelStats", false), errors: [400]),
        "GET /api/swagger.json": RouteDoc(tag: "docs", summary: "This document (Swagger 2.0)"),
        "GET /api": RouteDoc(tag: "docs", summary: "A readable page listing the API's operations"),
        "GET /healthz": RouteDoc(tag: "admin", summary: "Liveness of the process"),
        "GET /readyz": RouteDoc(tag: "admin", summary: "Whether the process is ready to serve", errors: [503]),
        "GET /metrics": RouteDoc(tag: "admin", summary: "Prometheus metrics"),
    ]
}
