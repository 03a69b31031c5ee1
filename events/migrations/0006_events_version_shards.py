"""Create the 16 events-version shards, so that each write updates one (``events_changed``
inserts a shard only where it is missing, e.g. in a database flushed by tests)."""

import uuid

from django.db import migrations

SHARDS = 16
FIRST_SHARD = 0x6D1B3F4E0C394E8A9A8E2F7C1D5B9A00


def create_shards(apps, schema_editor):
    EventsVersion = apps.get_model("events", "EventsVersion")
    wanted = {uuid.UUID(int=FIRST_SHARD + shard) for shard in range(SHARDS)}
    present = set(EventsVersion.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    EventsVersion.objects.bulk_create(EventsVersion(id=shard) for shard in sorted(wanted - present))


class Migration(migrations.Migration):
    dependencies = [("events", "0005_events_version_id_index")]

    operations = [migrations.RunPython(create_shards, migrations.RunPython.noop)]
