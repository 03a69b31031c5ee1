"""drf-spectacular's settings: the OpenAPI document's description, and how it is generated.

The UI assets come from drf-spectacular-sidecar, not a CDN. Plain data; the settings module
assigns it.
"""

SPECTACULAR_SETTINGS = {
    "TITLE": "eventsite API",
    "DESCRIPTION": "Event management: users with JWT authentication (or API keys with scopes), and events. "
    "Every error answers with the envelope `{message, code, errors?}`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "ENUM_NAME_OVERRIDES": {
        "HealthStatusEnum": "eventsite.api.envelopes.HEALTH_OK",
        "HealthUnavailableStatusEnum": "eventsite.api.envelopes.HEALTH_UNAVAILABLE",
        "ReadinessCheckEnum": "eventsite.api.envelopes.READINESS_CHECKS",
        "EventStatusEnum": "events.models.Event.Status",
        "RsvpStatusEnum": "events.models.Rsvp.Status",
        "WebhookEventTypeEnum": "events.changes.KINDS",
        "TeamRoleEnum": "events.teams.selectors.ROLE_NAMES",
        "TeamMemberRoleEnum": "events.teams.models.TeamMember.Role",
    },
    "DEFAULT_GENERATOR_CLASS": "eventsite.api.openapi.SchemaGenerator",
    "PREPROCESSING_HOOKS": ["eventsite.api.openapi.optional_slash_paths"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "accounts.api_keys.schemas.api_key_scope_extensions",
        "eventsite.api.openapi.camel_case_path_parameters",
        "eventsite.api.openapi_operations.document_operations",
    ],
}

# drf-spectacular extensions the generator imports before it reads the views (eventsite.api.schema):
# kept out of the modules a request imports.
OPENAPI_EXTENSION_MODULES = ["accounts.api_keys.schemas", "events.schemas"]
