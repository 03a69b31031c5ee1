from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from accounts.models import User, normalize_email
from eventsite.fields import StrictCharField, UTCDateTimeField


class UserSerializer(serializers.ModelSerializer):
    userId = serializers.UUIDField(source="id", read_only=True)

    class Meta:
        model = User
        fields = ["userId", "name", "email"]
        read_only_fields = fields


class UserProfileSerializer(UserSerializer):
    createdAt = UTCDateTimeField(source="created_at", read_only=True)

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "createdAt"]
        read_only_fields = fields


class UserUpdateSerializer(serializers.Serializer):
    name = StrictCharField(min_length=1, max_length=150)


class EmailField(serializers.EmailField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return normalize_email(super().to_internal_value(data))


class RegisterSerializer(serializers.Serializer):
    name = StrictCharField(min_length=1, max_length=150)
    email = EmailField(max_length=254)
    password = StrictCharField(max_length=128, trim_whitespace=False, write_only=True)

    def validate(self, attrs):
        candidate = User(name=attrs["name"], email=attrs["email"])
        try:
            password_validation.validate_password(attrs["password"], user=candidate)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"password": list(exc.messages)}) from exc
        return attrs


class LoginSerializer(serializers.Serializer):
    email = EmailField(max_length=254)
    password = StrictCharField(max_length=128, trim_whitespace=False, write_only=True)


class RefreshTokenSerializer(serializers.Serializer):
    refreshToken = StrictCharField(max_length=2048)


class PasswordResetRequestSerializer(serializers.Serializer):
    email = EmailField(max_length=254)


class PasswordResetConfirmSerializer(serializers.Serializer):
    userId = serializers.UUIDField()
    token = StrictCharField(max_length=255)
    password = StrictCharField(max_length=128, trim_whitespace=False, write_only=True)


class PasswordChangeSerializer(serializers.Serializer):
    currentPassword = StrictCharField(max_length=128, trim_whitespace=False, write_only=True)
    newPassword = StrictCharField(max_length=128, trim_whitespace=False, write_only=True)
