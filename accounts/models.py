import uuid
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from eventsite.dates import to_milliseconds

# Plain indexes for every equality lookup on a unique field, the UUID primary key included
# (on MongoDB it is an ordinary field, ``id``, beside the ObjectId ``_id``). The unique
# constraints stay for integrity, but django-mongodb-backend 5.2 builds them as partial
# indexes filtered on ``$type``, which MongoDB's planner does not choose for a plain
# ``{field: value}`` match (README.md, "Indexes by query").


def normalize_email(email: str) -> str:
    """Emails are stored and looked up lower-cased, so uniqueness is case-insensitive.

    An exact match on the normalised value works on every engine, unlike
    ``iexact`` (a regex on MongoDB) or expression indexes such as ``Lower()``.
    """
    return (email or "").strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email=normalize_email(username))

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        if not email:
            raise ValueError("Users must have an email address")
        user = self.model(email=normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField("email address", max_length=254, unique=True)
    name = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    # Tokens issued before this moment are refused (set when the password changes).
    tokens_valid_after = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["email"]
        indexes = [
            models.Index(fields=["id"], name="user_id_idx"),
            models.Index(fields=["email"], name="user_email_idx"),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self):
        super().clean()
        self.email = normalize_email(self.email)

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name

    @property
    def tokens_stamp(self) -> int | None:
        """``tokens_valid_after`` in epoch milliseconds: the value every current JWT carries.

        Tokens record this stamp instead of relying on ``iat``, which has one-second
        resolution: a login in the same second as a password change would otherwise be
        indistinguishable from a token issued just before it.
        """
        if self.tokens_valid_after is None:
            return None
        return round(self.tokens_valid_after.timestamp() * 1000)

    def invalidate_tokens(self) -> None:
        """Make every JWT issued so far stale (not saved; the caller saves).

        Milliseconds only, the precision MongoDB keeps, so the stamp survives a round trip.
        """
        self.tokens_valid_after = to_milliseconds(timezone.now())


class RevokedToken(models.Model):
    """A refresh token that may no longer be used (rotated away or logged out).

    Kept instead of simplejwt's ``token_blacklist`` app, whose models hard-code
    ``BigAutoField`` keys that MongoDB cannot store. Rows past ``expires_at``
    are useless (the token is expired anyway): ``purge_revoked_tokens`` deletes them.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    jti = models.CharField(max_length=255, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="revoked_tokens")
    expires_at = models.DateTimeField(db_index=True)
    revoked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["id"], name="revokedtoken_id_idx"),
            models.Index(fields=["jti"], name="revokedtoken_jti_idx"),
        ]

    def __str__(self) -> str:
        return self.jti


IDEMPOTENCY_TTL = timedelta(hours=24)


class IdempotencyKey(models.Model):
    """The first answer to a write sent with an ``Idempotency-Key`` header (see ``eventsite.idempotency``).

    It lives in ``accounts`` because keys belong to a user: they are scoped per user,
    deleted with the user, and no other app owns a cross-cutting model (``eventsite``
    is the project package, without models). ``scope`` ("<userId>:<key>") is one plain
    unique field, so a single unique index decides between concurrent duplicates on
    every engine. A row without ``status_code`` is a request still in progress.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    scope = models.CharField(max_length=300, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="idempotency_keys")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["id"], name="idempotencykey_id_idx"),
            models.Index(fields=["scope"], name="idempotencykey_scope_idx"),
        ]

    def __str__(self) -> str:
        return self.scope

    @staticmethod
    def scope_for(user_id, key: str) -> str:
        return f"{user_id}:{key}"

    @property
    def is_expired(self) -> bool:
        return self.created_at <= timezone.now() - IDEMPOTENCY_TTL


class AuthFailureCounter(models.Model):
    """Failed logins for one key (an account's email or a client address, both hashed) in a window.

    In the database so the limit holds across processes and Lambda containers. It changes only
    through single-row conditional updates (``accounts.lockout``), atomic on SQLite and MongoDB.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.CharField(max_length=80, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["id"], name="authfailurecounter_id_idx"),
            models.Index(fields=["key"], name="authfailurecounter_key_idx"),
        ]

    def __str__(self) -> str:
        return self.key
