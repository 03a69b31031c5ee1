import pytest

from accounts.models import User
from tests.factories import UserFactory
from tests.helpers import assert_error, assert_field_errors

pytestmark = pytest.mark.django_db

VALID = {"name": "John Doe", "email": "john@example.com", "password": "securePassword123"}


def register(client, body=VALID, path="/users/register", **kwargs):
    return client.post(path, body, format="json", **kwargs)


@pytest.mark.parametrize("path", ["/users/register", "/users/register/"])
def test_register_answers_the_legacy_shape(api_client, path):
    response = register(api_client, path=path)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"message", "user", "token", "refreshToken"}
    assert body["message"] == "User registered successfully"
    user = User.objects.get(email="john@example.com")
    assert body["user"] == {
        "userId": str(user.pk),
        "name": "John Doe",
        "email": "john@example.com",
        "emailVerified": False,
    }
    assert body["token"] and body["refreshToken"] and body["token"] != body["refreshToken"]


def test_register_token_authenticates_the_new_user(api_client):
    token = register(api_client).json()["token"]

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api_client.get("/users/me").json()["user"]["email"] == "john@example.com"


def test_register_stores_the_email_lower_cased(api_client):
    response = register(api_client, {**VALID, "email": "  John.Doe@Example.COM "})

    assert response.json()["user"]["email"] == "john.doe@example.com"
    assert User.objects.filter(email="john.doe@example.com").exists()


def test_register_stores_a_bcrypt_hash_not_the_password(api_client):
    register(api_client)

    user = User.objects.get(email="john@example.com")
    assert user.password.startswith("bcrypt_sha256$")
    assert user.check_password(VALID["password"])


@pytest.mark.parametrize("email", ["john@example.com", "JOHN@EXAMPLE.COM", "John@Example.com"])
def test_register_with_a_taken_email_in_any_case_is_409(api_client, email):
    UserFactory(email="john@example.com")

    response = register(api_client, {**VALID, "email": email})

    assert_error(response, 409, "conflict")
    assert User.objects.filter(email="john@example.com").count() == 1


def test_register_without_fields_names_each_missing_field(api_client):
    errors = assert_field_errors(register(api_client, {}), "name", "email", "password")
    assert errors["email"] == ["This field is required."]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"name": ""}, "name"),
        ({"name": "x" * 151}, "name"),
        ({"name": 123}, "name"),
        ({"email": 123}, "email"),
        ({"password": ["securePassword123"]}, "password"),
        ({"password": None}, "password"),
    ],
)
def test_register_with_an_invalid_field_is_400_naming_it(api_client, changes, field):
    assert_field_errors(register(api_client, {**VALID, **changes}), field)
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("Ab1!x", "too short"),
        ("password123", "too common"),
        ("8520147963", "entirely numeric"),
        ("john.doe.example", "too similar"),
    ],
)
def test_register_refuses_weak_passwords_with_djangos_reasons(api_client, password, fragment):
    response = register(api_client, {**VALID, "email": "john.doe@example.com", "password": password})

    errors = assert_field_errors(response, "password")
    assert any(fragment in message for message in errors["password"]), errors


def test_register_with_a_json_list_body_is_400(api_client):
    errors = assert_field_errors(register(api_client, [VALID]), "nonFieldErrors")
    assert "Expected a dictionary" in errors["nonFieldErrors"][0]


def test_register_with_malformed_json_is_400(api_client):
    response = api_client.post("/users/register", '{"name": "John",', content_type="application/json")

    assert_error(response, 400, "parse_error")


def test_register_refuses_a_password_too_similar_to_the_name(api_client):
    response = register(api_client, {**VALID, "name": "Bartholomew Quince", "password": "bartholomewquince"})

    assert_field_errors(response, "password")
    assert "too similar" in response.json()["errors"]["password"][0]
