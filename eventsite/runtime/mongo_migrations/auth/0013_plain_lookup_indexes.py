"""Plain indexes for the contrib lookups by equality (MongoDB only; see README.md, "Indexes by query").

django-mongodb-backend 5.2 builds unique constraints as partial indexes that a plain
``{field: value}`` lookup cannot use, and the contrib models' own migrations add nothing
else: the session of every session-authenticated request (admin, browsable API), and the
content types and permissions the admin and migrations look up. Created here rather than as
``AddIndex`` so the models' migration state stays Django's own.
"""

from django.db import migrations

INDEXES = {
    "django_session": [("session_key",)],
    "django_content_type": [("app_label", "model")],
    "auth_permission": [("content_type_id", "codename")],
}


def index_name(fields: tuple[str, ...]) -> str:
    return "_".join(fields) + "_lookup_idx"


def create_indexes(apps, schema_editor):
    for collection, index_fields in INDEXES.items():
        for fields in index_fields:
            schema_editor.connection.get_collection(collection).create_index(
                [(field, 1) for field in fields], name=index_name(fields)
            )


def drop_indexes(apps, schema_editor):
    for collection, index_fields in INDEXES.items():
        for fields in index_fields:
            schema_editor.connection.get_collection(collection).drop_index(index_name(fields))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
