//! The OpenAPI document made exact. What the handlers' annotations leave implicit is
//! stated here once for every route, from the same facts the middleware acts on: the
//! statuses a layer can answer with (401/403/429 from the key check, 503 while the
//! database cannot be reached, 304 from ETags, 409/422 from `Idempotency-Key`,
//! 400/413/415 from the extractors), ids as UUIDs, who authenticates how, and operation ids unique across the staff and customer APIs. A
//! layer that answers with a new status says so here, or the fuzzer (`scripts/fuzz.sh`)
//! fails on it as undocumented.

use serde_json::{json, Map, Value};

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// The document as served at `/openapi.json`.
pub fn complete(mut doc: Value) -> Value {
    // Staff and customers carry different bearer tokens: two schemes, so a client (or
    // the fuzzer) can tell which token an operation takes.
    let bearer = doc["components"]["securitySchemes"]["bearer"].take();
    if let Some(schemes) = doc["components"]["securitySchemes"].as_object_mut() {
        schemes.remove("bearer");
        schemes.insert("staff_bearer".into(), bearer.clone());
        schemes.insert("customer_bearer".into(), bearer);
    }
    doc["components"]["headers"] = json!({
        "Retry-After": {"description": "Seconds until the request may be retried", "schema": {"type": "integer", "minimum": 0}}
    });
    for (name, schema) in carstrel_model::rules::schemas::request_bodies() {
        doc["components"]["schemas"][name] = schema;
    }
    // A tombstone's `data` is null; utoipa cannot see that through `Change<T>`'s generic.
    if let Some(schemas) = doc["components"]["schemas"].as_object_mut() {
        for (name, schema) in schemas.iter_mut() {
            if name.starts_with("Change_") {
                let data = schema["properties"]["data"].take();
                schema["properties"]["data"] = json!({"oneOf": [{"type": "null"}, data]});
            }
        }
    }
    let Some(paths) = doc["paths"].as_object_mut() else {
        return doc;
    };
    for (path, item) in paths.iter_mut() {
        for method in METHODS {
            if let Some(op) = item.get_mut(method) {
                complete_operation(path, method, op);
            }
        }
    }
    unique_operation_ids(paths);
    doc
}

/// Handlers of different resources share names (`list`, `update`); where two do, each
/// operation id gains its resource (`vehicles_list`, `customers_list`).
fn unique_operation_ids(paths: &mut Map<String, Value>) {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for item in paths.values() {
        for method in METHODS {
            if let Some(id) = item.get(method).and_then(|op| op["operationId"].as_str()) {
                *seen.entry(id.to_owned()).or_default() += 1;
            }
        }
    }
    for (path, item) in paths.iter_mut() {
        let resource = path.split('/').nth(2).unwrap_or("api").replace('-', "_");
        for method in METHODS {
            let Some(op) = item.get_mut(method) else {
                continue;
            };
            let Some(id) = op["operationId"].as_str().map(str::to_owned) else {
                continue;
            };
            if seen[&id] > 1 {
                op["operationId"] = json!(format!("{resource}_{id}"));
            }
        }
    }
}

fn complete_operation(path: &str, method: &str, op: &mut Value) {
    let keyed = path.starts_with("/external");
    let staff_bearer = path.starts_with("/api/v1/api-keys");
    let has_body = op.get("requestBody").is_some();
    let writes = method == "post" || method == "patch";

    if path.starts_with("/api/v1") {
        if let Some(id) = op["operationId"].as_str() {
            if !id.starts_with("staff_") {
                op["operationId"] = json!(format!("staff_{id}"));
            }
        }
    }
    // Authorization is a security scheme, not a parameter (OpenAPI ignores such headers).
    let customer_bearer = remove_parameter(op, "Authorization");
    op["security"] = if keyed && customer_bearer {
        json!([{"api_key": [], "customer_bearer": []}])
    } else if keyed {
        json!([{"api_key": []}])
    } else if staff_bearer {
        json!([{"staff_bearer": []}])
    } else {
        json!([])
    };
    if keyed && writes {
        add_idempotency_key(op);
    }
    let params = op["parameters"].as_array().cloned().unwrap_or_default();
    let mut has_path_id = false;
    for (index, param) in params.iter().enumerate() {
        let name = param["name"].as_str().unwrap_or("");
        if param["in"] == "path" && (name == "id" || name.ends_with("Id")) {
            has_path_id = true;
            op["parameters"][index]["schema"] = json!({"type": "string", "format": "uuid"});
        }
    }
    if path == "/external/test-drives" && method == "get" {
        instant_parameters(op, &["from", "to"]);
    }
    let validated = has_body
        || params
            .iter()
            .any(|p| p["in"] == "path" || p["in"] == "query");

    let responses = op["responses"]
        .as_object_mut()
        .expect("every operation lists its responses");
    // Any request may outlast the server's patience, or find the database away.
    add_error(
        responses,
        408,
        "The request, or a pause in its body, took longer than the server waits; send it again",
    );
    add_retry_later(
        responses,
        503,
        "The database cannot be reached; nothing was done, retry after `Retry-After` seconds",
    );
    if path == "/api/v1/auth/login" {
        // Staff sign-in is throttled per account and per client address.
        add_retry_later(
            responses,
            429,
            "Too many sign-in attempts; retry after `Retry-After` seconds",
        );
    }
    if keyed || staff_bearer {
        add_error(
            responses,
            401,
            "The API key (or the bearer token) is missing, unknown or revoked",
        );
    }
    if keyed {
        add_error(
            responses,
            403,
            "The API key lacks the scope this operation needs",
        );
        add_retry_later(responses, 429, "The key's hourly budget is spent, or the client sent too many; retry after `Retry-After` seconds");
    }
    if keyed || path.starts_with("/api/v1") {
        // Every such operation reads the database (the key lookup, at least).
        add_retry_later(
            responses,
            503,
            "The database cannot be reached (a restart); retry after `Retry-After` seconds",
        );
    }
    if validated || (keyed && writes) {
        add_error(responses, 400, "Validation failed: a parameter, the id or the body (its syntax, shape or a rule); the message names it");
    }
    if has_path_id {
        add_error(responses, 404, "No such record for this dealer");
    }
    if has_body {
        add_error(responses, 413, "The request body is too large");
        add_error(
            responses,
            415,
            "The request body is not sent as application/json",
        );
    }
    if keyed && writes {
        add_error(
            responses,
            409,
            "A request with this Idempotency-Key is still being processed",
        );
        add_error(
            responses,
            422,
            "This Idempotency-Key was already used with a different request",
        );
    }
    if path.starts_with("/media/") {
        // Photos: PNG bytes, and 304 from their own `ETag`.
        responses["200"]["content"] =
            json!({"image/png": {"schema": {"type": "string", "format": "binary"}}});
        responses["200"]["headers"] = json!({
            "ETag": {"schema": {"type": "string"}},
            "Cache-Control": {"schema": {"type": "string"}}
        });
    }
    if (keyed || path.starts_with("/media/")) && method == "get" {
        responses.entry("304").or_insert(
            json!({"description": "Not modified: `If-None-Match` names the current `ETag`"}),
        );
    }
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    })
}

/// An error that tells the client when to come back, in `Retry-After`.
fn add_retry_later(responses: &mut Map<String, Value>, status: u16, description: &str) {
    add_error(responses, status, description);
    responses[&status.to_string()]["headers"] =
        json!({"Retry-After": {"$ref": "#/components/headers/Retry-After"}});
}

fn add_error(responses: &mut Map<String, Value>, status: u16, description: &str) {
    responses
        .entry(status.to_string())
        .or_insert_with(|| error_response(description));
}

/// Removes a header parameter; true when it was there.
fn remove_parameter(op: &mut Value, name: &str) -> bool {
    let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else {
        return false;
    };
    let before = params.len();
    params.retain(|p| !(p["in"] == "header" && p["name"] == name));
    before != params.len()
}

/// Every keyed POST and PATCH takes `Idempotency-Key`: 1 to 255 visible ASCII characters
/// (inner spaces and tabs allowed), as the idempotency layer reads it. Spaces and tabs
/// around a header value are not part of it (RFC 9110), so the pattern allows them.
fn add_idempotency_key(op: &mut Value) {
    remove_parameter(op, "Idempotency-Key");
    let param = json!({
        "name": "Idempotency-Key",
        "in": "header",
        "required": false,
        "description": "Retries with the same key (per API key) return the first response instead of applying twice",
        "schema": {"type": "string", "pattern": "^[ \t]*[!-~]([ -~\t]{0,253}[!-~])?[ \t]*$"}
    });
    match op.get_mut("parameters").and_then(Value::as_array_mut) {
        Some(params) => params.push(param),
        None => op["parameters"] = json!([param]),
    }
}

/// Query parameters the rule book reads as instants (`rules::instant`): a date or an RFC
/// 3339 date-time, which no single `format` states.
fn instant_parameters(op: &mut Value, names: &[&str]) {
    for param in op["parameters"].as_array_mut().into_iter().flatten() {
        if param["in"] == "query" && names.iter().any(|n| param["name"] == *n) {
            param["schema"] =
                json!({"type": "string", "anyOf": [{"format": "date"}, {"format": "date-time"}]});
        }
    }
}
