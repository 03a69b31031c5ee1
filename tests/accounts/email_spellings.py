"""The spellings of one mailbox the email-key tests use (test_email_key*.py)."""

import unicodedata

from accounts.models import User
from tests.factories import UserFactory

NFC = "jose@münchen.example.com"
NFD = unicodedata.normalize("NFD", NFC)
PUNYCODE = "jose@xn--mnchen-3ya.example.com"
# Other spellings of NFC, the address the accounts of these tests are stored under.
SPELLINGS = {
    "nfd": NFD,
    "punycode": PUNYCODE,
    "punycode, upper case": "JOSE@XN--MNCHEN-3YA.EXAMPLE.COM",
    "fullwidth dot and letter": "jose@\uff4dünchen\uff0eexample.com",
}


def leftover_duplicate(email: str) -> User:
    """An account that shares its mailbox with an older one, as migration 0005 leaves it (no key)."""
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(email=email, email_key=None)
    return User.objects.get(pk=user.pk)
