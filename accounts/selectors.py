from django.db.models import QuerySet

from accounts.models import RevokedToken, User, normalize_email


def user_email_taken(*, email: str) -> bool:
    return User.objects.filter(email=normalize_email(email)).exists()


def token_is_revoked(*, jti: str) -> bool:
    return RevokedToken.objects.filter(jti=jti).exists()


def revoked_tokens_expired(*, now) -> QuerySet[RevokedToken]:
    return RevokedToken.objects.filter(expires_at__lt=now)
