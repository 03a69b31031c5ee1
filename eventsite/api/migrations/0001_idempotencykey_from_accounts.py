import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Take over ``accounts.IdempotencyKey`` in state only: its table and indexes already exist."""

    initial = True

    dependencies = [
        ("accounts", "0005_user_email_key"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="IdempotencyKey",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                            ),
                        ),
                        ("scope", models.CharField(max_length=300, unique=True)),
                        ("key", models.CharField(max_length=255)),
                        (
                            "fingerprint",
                            models.CharField(help_text="SHA-256 of method, path and body.", max_length=64),
                        ),
                        ("status_code", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("response_body", models.JSONField(blank=True, null=True)),
                        (
                            "created_at",
                            models.DateTimeField(db_index=True, default=django.utils.timezone.now),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="idempotency_keys",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "accounts_idempotencykey",
                        "indexes": [
                            models.Index(fields=["id"], name="idempotencykey_id_idx"),
                            models.Index(fields=["scope"], name="idempotencykey_scope_idx"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
