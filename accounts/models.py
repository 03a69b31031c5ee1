import re
import unicodedata
import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from eventsite.runtime.dates import to_milliseconds

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


# The label separators IDNA accepts (UTS #46): full stop, ideographic, fullwidth, halfwidth.
_LABEL_SEPARATORS = re.compile("[.\u3002\uff0e\uff61]")
_ACE_PREFIX = "xn--"


def _a_label_decoded(label: str) -> str | None:
    """The Unicode form of a punycode label (``xn--…``), or None if it is not a valid one.

    Valid means what an encoder could have written: it decodes to letters, marks, digits,
    symbols (emoji domains exist) and hyphens, not all ASCII, and encodes back to itself.
    The stdlib ``punycode`` codec is used alone on purpose: its ``idna`` codec applies
    IDNA 2003 nameprep, which maps ß to ss (another mailbox); the IDNA 2008 ``idna``
    package is not in the Lambda package (``zappa_settings.json`` excludes it).
    """
    encoded = label[len(_ACE_PREFIX) :]
    try:
        decoded = encoded.encode("ascii").decode("punycode")
    except UnicodeError:
        return None
    if decoded.isascii() or decoded.encode("punycode").decode("ascii") != encoded:
        return None
    if not all(char == "-" or unicodedata.category(char)[0] in "LMNS" for char in decoded):
        return None
    return decoded


def _canonical_domain(domain: str) -> tuple[str, bool]:
    """The domain's Unicode form, NFKC (as UTS #46 maps it) and lower-cased; and its IDNA validity."""
    labels, valid = [], True
    for label in _LABEL_SEPARATORS.split(unicodedata.normalize("NFKC", domain).lower()):
        if label.startswith(_ACE_PREFIX):
            decoded = _a_label_decoded(label)
            if decoded is None:
                valid = False
            else:
                label = unicodedata.normalize("NFKC", decoded).lower()
        labels.append(label)
    return ".".join(labels), valid


def email_lookup_key(email: str) -> str:
    """The one form under which an address is unique and looked up (``User.email_key``).

    Spellings of one mailbox share it: the address in Unicode NFC, lower-cased as
    ``normalize_email`` does, the domain in its Unicode form (punycode ``xn--`` labels
    decoded, UTS #46's NFKC mapping and label separators), so NFC, NFD, punycode and
    fullwidth spellings are one account. No case folding: ``ß`` stays ``ß`` (``ss`` is
    another mailbox, as IDNA 2008 has it). A label that is not valid punycode is kept as
    written, so this never fails; ``email_domain_is_valid`` tells such addresses apart.
    """
    address = unicodedata.normalize("NFC", normalize_email(email))
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    return f"{local}@{_canonical_domain(domain)[0]}"


def email_domain_is_valid(email: str) -> bool:
    """False when a punycode label of the domain cannot be decoded (no such domain can exist)."""
    _, at, domain = normalize_email(email).rpartition("@")
    return not at or _canonical_domain(domain)[1]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email_key=email_lookup_key(username))

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
    # ``email_lookup_key(email)``, kept in step by ``save()``: what makes an address unique and
    # how it is looked up. Null only for an account whose key an older account already had
    # when migration 0005 filled the keys (``manage.py email_collisions`` lists them).
    email_key = models.CharField(max_length=1024, unique=True, null=True, blank=True, editable=False)
    name = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    # Tokens issued before this moment are refused (set when the password changes).
    tokens_valid_after = models.DateTimeField(null=True, blank=True, editable=False)
    # When the address was last proven to reach its owner (a verification link), and when mail
    # to it last bounced or drew a complaint; nothing but verification mail goes to an address
    # marked undeliverable until it is verified again.
    email_verified_at = models.DateTimeField(null=True, blank=True)
    email_undeliverable_at = models.DateTimeField(null=True, blank=True)
    # The address asked for by ``POST /users/me/email``, until its token is confirmed.
    pending_email = models.EmailField(max_length=254, blank=True, default="")
    # Which categories of email the user receives (accounts.mail.CATEGORIES); account mail
    # (verification, password reset) always goes.
    email_rsvp_updates = models.BooleanField(default=True)
    email_event_changes = models.BooleanField(default=True)
    email_reminders = models.BooleanField(default=True)
    email_organizer_digest = models.BooleanField(default=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["email"]
        indexes = [
            models.Index(fields=["id"], name="user_id_idx"),
            models.Index(fields=["email"], name="user_email_idx"),
            models.Index(fields=["email_key"], name="user_email_key_idx"),
        ]

    def __str__(self) -> str:
        return self.email

    @classmethod
    def from_db(cls, db, field_names, values):
        user = super().from_db(db, field_names, values)
        user._loaded_email = user.__dict__.get("email")
        return user

    def clean(self):
        loaded = getattr(self, "_loaded_email", None)
        super().clean()  # NFKC, as Django normalises usernames
        self.email = normalize_email(self.email)
        if loaded and email_lookup_key(self.email) == email_lookup_key(loaded):
            # The same address: keep its stored spelling, so an account left without a key
            # (see ``email_key``) can still be edited, e.g. deactivated, in the admin.
            self.email = loaded
        if not email_domain_is_valid(self.email):
            raise ValidationError({"email": ValidationError("Enter a valid email address.", code="invalid")})

    def _email_key_to_store(self) -> str | None:
        """The key ``save()`` writes. An account left without one (see ``email_key``) stays so,
        while its email is unchanged and another account holds the key, so saving it for
        anything else does not collide; once the key is free, it takes it."""
        key = email_lookup_key(self.email)
        unchanged = self.email == getattr(self, "_loaded_email", self.email)
        kept_out = self.email_key is None and not self._state.adding and unchanged
        if kept_out and User._default_manager.filter(email_key=key).exclude(pk=self.pk).exists():
            return None
        return key

    def validate_unique(self, exclude=None):
        """Also refuse an email whose lookup key another account holds (a form error, not a 500)."""
        errors = {}
        try:
            super().validate_unique(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        key = None if "email" in (exclude or ()) or "email" in errors else self._email_key_to_store()
        if key and User._default_manager.filter(email_key=key).exclude(pk=self.pk).exists():
            errors["email"] = [self.unique_error_message(User, ["email"])]
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        self.email_key = self._email_key_to_store()
        if "email" in (kwargs.get("update_fields") or ()):
            kwargs["update_fields"] = {*kwargs["update_fields"], "email_key"}
        if self._password is not None and not self._state.adding:
            # A new password was set (the admin, ``changepassword``, the API alike): every
            # token issued so far dies with the old one. A hash upgrade at login leaves
            # ``_password`` unset, so the tokens that login issues stay valid.
            self.invalidate_tokens()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "tokens_valid_after" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "tokens_valid_after"]
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

    def _get_session_auth_hash(self, secret=None):
        """Sessions (admin, browsable API) end with the tokens: the hash Django keeps in each
        session covers ``tokens_stamp`` too, so "log out everywhere" ends them as well.

        Django's own hash (of the password) while the stamp is unset, so existing sessions
        survive the upgrade; both ``get_session_auth_hash`` and its fallbacks call this.
        """
        if self.tokens_stamp is None:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "accounts.User.session_auth_hash",
            f"{self.password}:{self.tokens_stamp}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


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
from accounts.api_keys.models import ApiKey  # noqa: E402, F401
