"""The image's background work: checking and rewriting an upload."""

from eventsite.tasks import task


@task
def process_event_image(*, event_id: str, key: str) -> None:
    from events.images import services

    services.event_image_process(event_id=event_id, key=key)
