"""``User.email_key``: the unique lookup form of the email (``accounts.models.email_lookup_key``).

The field is added empty, filled for every existing user, then made unique, with a plain index
beside the unique one (``user_email_idx`` explains why). Existing data may already hold one
mailbox under several spellings (NFC, NFD, punycode): such a migration must not fail, and must
not merge or rename accounts behind the operator's back. So the oldest account of each key (by
``created_at``, then id) gets the key, and the later ones keep a null key: the unique index
skips nulls on both engines (on MongoDB it is partial, on documents whose key is a string).
Logins, resets and registrations by any spelling then reach the oldest account; the later ones
cannot log in by email until an admin changes their email or deletes them.
``manage.py email_collisions`` lists them (and fails while any are left).
"""

from django.db import migrations, models

from accounts.models import email_lookup_key


def fill_email_keys(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    users = User.objects.using(schema_editor.connection.alias)
    taken = set()
    for pk, email in list(users.order_by("created_at", "pk").values_list("pk", "email")):
        key = email_lookup_key(email)
        if key not in taken:
            taken.add(key)
            users.filter(pk=pk).update(email_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_lookup_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_key",
            field=models.CharField(blank=True, editable=False, max_length=1024, null=True),
        ),
        migrations.RunPython(fill_email_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="email_key",
            field=models.CharField(blank=True, editable=False, max_length=1024, null=True, unique=True),
        ),
        migrations.AddIndex(
            model_name="user",
            index=models.Index(fields=["email_key"], name="user_email_key_idx"),
        ),
    ]
