from django.db import migrations


class Migration(migrations.Migration):
    """``IdempotencyKey`` now belongs to ``eventsite.api``; its table stays where it is."""

    dependencies = [
        ("accounts", "0005_user_email_key"),
        ("api", "0001_idempotencykey_from_accounts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="IdempotencyKey")],
            database_operations=[],
        ),
    ]
