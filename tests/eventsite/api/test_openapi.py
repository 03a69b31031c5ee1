import re
from wsgiref.util import setup_testing_defaults

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import get_script_prefix, set_script_prefix
from openapi_spec_validator import validate

from eventsite.wsgi import application

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    ("/", "get"),
    ("/health", "get"),
    ("/users/register", "post"),
    ("/users/login", "post"),
    ("/users/me", "get"),
    ("/users/me", "patch"),
    ("/users/token/refresh", "post"),
    ("/users/logout", "post"),
    ("/events/create", "post"),
    ("/events/all", "get"),
    ("/events", "get"),
    ("/events", "post"),
    ("/events/{eventId}", "get"),
    ("/events/{eventId}", "put"),
    ("/events/{eventId}", "patch"),
    ("/events/{eventId}", "delete"),
}
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
ERROR_REF = "#/components/schemas/Error"


def operation(schema: dict, path: str, method: str) -> dict:
    return schema["paths"][path][method]


def response_codes(schema: dict, path: str, method: str) -> set[str]:
    return set(operation(schema, path, method)["responses"])


def json_schema_ref(response: dict) -> str:
    return response["content"]["application/json"]["schema"]["$ref"]


def test_schema_document_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_schema_generation_has_no_warnings_or_errors(tmp_path):
    # --fail-on-warn raises on any drf-spectacular warning or error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert (tmp_path / "schema.yml").read_text().startswith("openapi: 3")


def test_schema_documents_every_legacy_endpoint_once_without_trailing_slash(schema):
    documented = {(path, method) for path, operations in schema["paths"].items() for method in operations}
    assert documented >= ENDPOINTS
    assert all(method in HTTP_METHODS for _, method in documented)
    assert not [path for path in schema["paths"] if path.endswith("/") and path != "/"]
    assert not {"/schema", "/docs", "/redoc", "/admin/", "/api-auth/login/"} & set(schema["paths"])


def test_schema_fields_are_camel_case(schema):
    names = [
        name
        for component in schema["components"]["schemas"].values()
        for name in component.get("properties", {})
    ]
    names += [
        parameter["name"]
        for path, method in ENDPOINTS
        for parameter in operation(schema, path, method).get("parameters", [])
    ]
    assert {"eventId", "createdBy", "createdAt", "refreshToken", "userId", "pageSize"} <= set(names)
    assert not [name for name in names if "_" in name]


def test_authenticated_operations_use_the_bearer_scheme(schema):
    assert schema["components"]["securitySchemes"]["jwtAuth"].items() >= {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
    }.items()
    assert {"jwtAuth": []} in operation(schema, "/events", "get")["security"]
    assert {} not in operation(schema, "/users/me", "get")["security"]
    assert operation(schema, "/users/login", "post")["security"] == [{}]


@pytest.mark.parametrize(
    ("path", "method", "component"),
    [
        ("/users/register", "post", "RegisterRequest"),
        ("/users/login", "post", "LoginRequest"),
        ("/users/me", "patch", "PatchedUserUpdateRequest"),
        ("/users/token/refresh", "post", "RefreshTokenRequest"),
        ("/users/logout", "post", "RefreshTokenRequest"),
        ("/users/email/verify", "post", "EmailVerifyRequest"),
        ("/users/me/email", "post", "EmailChangeRequest"),
        ("/events/create", "post", "EventRequest"),
        ("/events", "post", "EventRequest"),
        ("/events/{eventId}", "put", "EventRequest"),
        ("/events/{eventId}", "patch", "PatchedEventRequest"),
        ("/users/me/webhooks", "post", "WebhookCreateRequest"),
        ("/users/me/webhooks/{webhookId}", "patch", "PatchedWebhookUpdateRequest"),
    ],
)
def test_write_operations_document_their_request_body(schema, path, method, component):
    body = operation(schema, path, method)["requestBody"]
    assert json_schema_ref(body) == f"#/components/schemas/{component}"


@pytest.mark.parametrize(
    ("path", "method", "status", "component"),
    [
        ("/users/register", "post", "200", "AuthResponse"),
        ("/users/login", "post", "200", "AuthResponse"),
        ("/users/me", "get", "200", "ProfileResponse"),
        ("/users/me", "patch", "200", "ProfileResponse"),
        ("/users/token/refresh", "post", "200", "TokenPair"),
        ("/users/password/reset", "post", "202", "MessageResponse"),
        ("/users/me/export", "get", "200", "UserDataExportResponse"),
        ("/users/email/verify", "post", "200", "MessageResponse"),
        ("/users/email/verify/resend", "post", "202", "MessageResponse"),
        ("/users/me/email", "post", "202", "MessageResponse"),
        ("/users/email/unsubscribe", "get", "200", "UnsubscribeResponse"),
        ("/users/email/unsubscribe", "post", "200", "UnsubscribeResponse"),
        ("/", "get", "200", "ApiRoot"),
        ("/health", "get", "200", "Health"),
        ("/health", "get", "503", "HealthUnavailable"),
        ("/events/{eventId}/ticket", "get", "200", "TicketResponse"),
        ("/users/me/webhooks", "get", "200", "WebhookListResponse"),
        ("/users/me/webhooks", "post", "201", "WebhookCreatedResponse"),
        ("/users/me/webhooks/{webhookId}", "get", "200", "WebhookResponse"),
        ("/users/me/webhooks/{webhookId}", "patch", "200", "WebhookResponse"),
        ("/users/me/webhooks/{webhookId}/deliveries", "get", "200", "PaginatedWebhookDeliveryList"),
        (
            "/users/me/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver",
            "post",
            "202",
            "WebhookRedeliveryResponse",
        ),
    ],
)
def test_success_bodies_keep_their_component_names(schema, path, method, status, component):
    response = operation(schema, path, method)["responses"][status]
    assert json_schema_ref(response) == f"#/components/schemas/{component}"


def test_the_one_click_unsubscribe_documents_the_form_a_mail_client_posts(schema):
    body = operation(schema, "/users/email/unsubscribe", "post")["requestBody"]["content"]

    assert set(body) == {"application/x-www-form-urlencoded", "multipart/form-data"}
    assert body["multipart/form-data"]["schema"]["$ref"] == "#/components/schemas/OneClickUnsubscribeRequest"
    assert set(schema["components"]["schemas"]["OneClickUnsubscribeRequest"]["properties"]) == {
        "List-Unsubscribe"
    }


def test_envelopes_list_the_message_first_as_the_body_does(schema):
    components = schema["components"]["schemas"]
    envelopes = (
        "AuthResponse",
        "ProfileResponse",
        "MessageResponse",
        "UserDataExportResponse",
        "UnsubscribeResponse",
    )
    webhook_envelopes = (
        "WebhookListResponse",
        "WebhookCreatedResponse",
        "WebhookResponse",
        "WebhookRedeliveryResponse",
    )
    for name in envelopes + webhook_envelopes:
        assert next(iter(components[name]["properties"])) == "message", name


def test_request_bodies_leave_out_server_set_fields(schema):
    event_request = schema["components"]["schemas"]["EventRequest"]
    assert {"title", "description", "date", "location"} <= set(event_request["properties"])
    assert not {"eventId", "createdBy", "createdAt"} & set(event_request["properties"])
    assert {"date", "title"} <= set(event_request["required"])


@pytest.mark.parametrize(
    ("path", "method", "codes"),
    [
        ("/users/register", "post", {"200", "400", "406", "409", "413", "415", "429", "503"}),
        ("/users/login", "post", {"200", "400", "401", "406", "413", "415", "429", "503"}),
        ("/users/me", "get", {"200", "401", "406", "429"}),
        ("/users/me", "patch", {"200", "400", "401", "403", "406", "413", "415", "429", "503"}),
        ("/users/token/refresh", "post", {"200", "400", "401", "406", "413", "415", "429", "503"}),
        ("/users/logout", "post", {"204", "400", "401", "403", "406", "413", "415", "429", "503"}),
        ("/events/create", "post", {"201", "400", "401", "403", "406", "413", "415", "429", "503"}),
        ("/events/all", "get", {"200", "400", "401", "403", "404", "406", "429"}),
        ("/events", "get", {"200", "400", "401", "403", "404", "406", "429"}),
        ("/events", "post", {"201", "400", "401", "403", "406", "413", "415", "429", "503"}),
        ("/events/{eventId}", "get", {"200", "401", "403", "404", "405", "406", "429"}),
        (
            "/events/{eventId}",
            "put",
            {"200", "400", "401", "403", "404", "405", "406", "409", "413", "415", "429", "503"},
        ),
        (
            "/events/{eventId}",
            "patch",
            {"200", "400", "401", "403", "404", "405", "406", "409", "413", "415", "429", "503"},
        ),
        ("/events/{eventId}", "delete", {"204", "401", "403", "404", "405", "406", "429", "503"}),
        ("/health", "get", {"200", "406", "503", "429"}),
        ("/", "get", {"200", "406", "429"}),
    ],
)
def test_every_response_code_an_operation_can_return_is_documented(schema, path, method, codes):
    assert response_codes(schema, path, method) == codes


def test_a_write_documents_its_503_with_retry_after(schema):
    answer = operation(schema, "/events/{eventId}/rsvp", "post")["responses"]["503"]

    assert "transaction_conflict" in answer["description"]
    assert "Retry-After" in answer["headers"]


def test_client_and_auth_errors_use_the_error_envelope(schema):
    for path, operations in schema["paths"].items():
        for method, details in operations.items():
            for code, response in details["responses"].items():
                if code.startswith("4"):
                    assert json_schema_ref(response) == ERROR_REF, (path, method, code)
    envelope = schema["components"]["schemas"]["Error"]
    assert set(envelope["properties"]) == {"message", "code", "errors"}
    assert envelope["required"] == ["code", "message"]


def test_throttled_and_unauthorised_answers_document_their_headers(schema):
    responses = operation(schema, "/users/login", "post")["responses"]
    assert "Retry-After" in responses["429"]["headers"]
    assert "WWW-Authenticate" in responses["401"]["headers"]


@pytest.mark.parametrize("path", ["/events", "/events/all"])
def test_list_operations_document_pagination(schema, path):
    parameters = {p["name"]: p for p in operation(schema, path, "get")["parameters"]}
    assert parameters["page"]["schema"] == {"type": "integer", "minimum": 1}
    assert parameters["pageSize"]["schema"] == {"type": "integer", "minimum": 1}
    page = schema["components"]["schemas"]["PaginatedEventList"]
    assert {"count", "next", "previous", "events", "message"} <= set(page["properties"])


@pytest.fixture
def stage_get(settings):
    """GET through the WSGI application mounted under a stage path, as API Gateway + Zappa serve it."""
    prefix = get_script_prefix()
    # The static storage caches its URL prefix on first use (a Lambda container serves one
    # stage); re-setting STATIC_URL gives this test a fresh storage and restores it afterwards.
    settings.STATIC_URL = "static/"

    def get(path: str, stage: str = "/dev") -> tuple[str, dict, str]:
        environ = {"PATH_INFO": path, "SCRIPT_NAME": stage, "HTTP_HOST": "localhost"}
        setup_testing_defaults(environ)
        started = {}

        def start_response(status, headers, exc_info=None):
            started.update(status=status, headers=dict(headers))

        body = b"".join(application(environ, start_response))
        return started["status"], started["headers"], body.decode()

    yield get
    set_script_prefix(prefix)


@pytest.mark.parametrize(
    ("path", "schema_url"), [("/docs", 'url: "/dev/schema"'), ("/redoc", '"/dev/schema"')]
)
def test_docs_pages_render_from_local_assets_under_the_stage_path(stage_get, path, schema_url):
    status, headers, page = stage_get(path)

    assert status == "200 OK"
    assert headers["Content-Type"].startswith("text/html")
    assert schema_url in page
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(asset.endswith(".js") for asset in assets)
    for asset in set(assets) - {"/dev/redoc/redoc.standalone.js"}:  # ReDoc's bundle, made offline
        assert asset.startswith("/dev/static/") and finders.find(asset.removeprefix("/dev/static/")), asset
    assert "https://" not in page


def test_schema_is_served_under_the_stage_path(stage_get):
    status, headers, body = stage_get("/schema")

    assert status == "200 OK"
    assert headers["Content-Type"].startswith("application/vnd.oai.openapi")
    assert body.startswith("openapi: 3")
