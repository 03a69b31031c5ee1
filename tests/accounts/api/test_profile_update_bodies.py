"""``PATCH /users/me`` is partial in every media type its OpenAPI document offers."""

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

pytestmark = pytest.mark.django_db


def test_patch_without_a_name_keeps_the_name(auth_client, user):
    response = auth_client.patch("/users/me", {}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["user"]["name"] == user.name


def test_empty_multipart_patch_keeps_the_name(auth_client, user):
    response = auth_client.patch("/users/me", encode_multipart(BOUNDARY, {}), content_type=MULTIPART_CONTENT)

    assert response.status_code == 200, response.content
    assert response.json()["user"]["name"] == user.name
