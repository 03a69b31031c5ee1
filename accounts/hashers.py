"""bcrypt hashers whose cost comes from ``settings.BCRYPT_ROUNDS``.

The algorithm names are Django's own, so stored hashes stay interchangeable;
a hash made at another cost is re-made at the configured cost on next login.
"""

from django.conf import settings
from django.contrib.auth import hashers


class _ConfiguredRounds:
    @property
    def rounds(self) -> int:
        return settings.BCRYPT_ROUNDS


class BCryptSHA256PasswordHasher(_ConfiguredRounds, hashers.BCryptSHA256PasswordHasher):
    pass


class BCryptPasswordHasher(_ConfiguredRounds, hashers.BCryptPasswordHasher):
    """Plain bcrypt, which verifies the legacy ``$2a$``/``$2b$`` hashes.

    Only the first 72 bytes of a password count, as in the legacy system's bcrypt;
    bcrypt ≥ 5 raises on longer input instead of truncating, which would fail a login.
    """

    def encode(self, password, salt):
        data = self._load_library().hashpw(password.encode()[:72], salt)
        return f"{self.algorithm}${data.decode('ascii')}"
