"""A deployment's own templates (``EMAIL_TEMPLATES_DIR``) replace the apps' emails file by file."""

import pytest

from tests.events.emails.conftest import emails_to, html_of
from tests.eventsite.conf.settings_process import run
from tests.factories import UserFactory
from tests.helpers import bearer_client, rsvp_path


def write_override(directory, name: str, text: str) -> None:
    (directory / "emails").mkdir(exist_ok=True)
    (directory / "emails" / name).write_text(text)


@pytest.mark.django_db
def test_a_deployments_subject_replaces_the_apps_own_unescaped_and_the_other_files_stay(
    settings, tmp_path, published_event
):
    write_override(tmp_path, "rsvp_confirmed_subject.txt", "See you at {{ event.title }}!")
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]} for engine in settings.TEMPLATES]
    attendee = UserFactory()

    assert bearer_client(attendee).post(rsvp_path(published_event)).status_code == 201

    (message,) = emails_to(attendee)
    assert message.subject == f"See you at {published_event.title}!"
    assert "Your RSVP is confirmed" in message.body
    assert published_event.title.replace("'", "&#x27;").replace("&", "&amp;", 1) in html_of(message)


def test_email_templates_dir_is_searched_before_the_apps_templates(tmp_path):
    write_override(tmp_path, "password_reset_subject.txt", "Our own reset subject")
    shell = "from django.template.loader import render_to_string; print(render_to_string(%r))"

    overridden = run(
        ["manage.py", "shell", "-c", shell % "emails/password_reset_subject.txt"],
        tmp_path,
        EMAIL_TEMPLATES_DIR=str(tmp_path),
    )
    default = run(["manage.py", "shell", "-c", shell % "emails/password_reset_subject.txt"], tmp_path)

    assert overridden.returncode == 0, overridden.stderr
    assert overridden.stdout.strip().splitlines()[-1] == "Our own reset subject"
    assert default.stdout.strip().splitlines()[-1] != "Our own reset subject"
