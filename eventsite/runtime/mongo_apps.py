"""Django's contrib apps with ObjectId keys, installed instead of the stock ones on MongoDB.

Their migrations live in ``eventsite.runtime.mongo_migrations`` (see ``MIGRATION_MODULES``).
"""

from django.contrib.auth.apps import AuthConfig
from django.contrib.contenttypes.apps import ContentTypesConfig

from eventsite.runtime.lazy_admin import LazyAdminConfig

OBJECT_ID_AUTO_FIELD = "django_mongodb_backend.fields.ObjectIdAutoField"


class MongoAdminConfig(LazyAdminConfig):
    default_auto_field = OBJECT_ID_AUTO_FIELD


class MongoAuthConfig(AuthConfig):
    default_auto_field = OBJECT_ID_AUTO_FIELD


class MongoContentTypesConfig(ContentTypesConfig):
    default_auto_field = OBJECT_ID_AUTO_FIELD
