from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User, email_lookup_key


def _spelled(email: str) -> str:
    """The email, with its code points escaped when it is not ASCII (NFC and NFD look alike)."""
    return email if email.isascii() else f"{email} [{email.encode('unicode_escape').decode('ascii')}]"


def _state(stored_key: str | None, key: str) -> str:
    if stored_key == key:
        return "holds the key"
    if stored_key is None:
        return "no key: cannot log in by email"
    return "stale key: save it to update"


class Command(BaseCommand):
    help = (
        "List accounts whose emails are spellings of one mailbox (the same email_lookup_key: "
        "NFC/NFD, punycode, letter case). Exits 1 while any are left. Logins and resets by that "
        "address reach the account holding the key; change or delete the others (e.g. in the admin)."
    )

    def handle(self, *args, **options):
        accounts = defaultdict(list)
        users = User.objects.order_by("created_at", "pk")
        users = users.values_list("pk", "email", "email_key", "created_at")
        for pk, email, stored_key, created_at in users.iterator(chunk_size=2000):
            accounts[email_lookup_key(email)].append((pk, email, stored_key, created_at))
        collisions = {key: group for key, group in accounts.items() if len(group) > 1}
        if not collisions:
            self.stdout.write("No email collisions.")
            return
        for key, group in sorted(collisions.items()):
            self.stdout.write(f"{key}:")
            for pk, email, stored_key, created_at in group:
                state = _state(stored_key, key)
                self.stdout.write(f"  {pk}  {_spelled(email)}  created {created_at.isoformat()}  ({state})")
        count = sum(len(group) for group in collisions.values())
        raise CommandError(
            f"{count} accounts share {len(collisions)} email address(es) under different spellings.",
            returncode=1,
        )
