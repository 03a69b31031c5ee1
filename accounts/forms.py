"""The login forms of the admin and of the browsable API, behind the API's lockout and throttle.

Django's own forms call ``authenticate()`` directly, which would let these two paths guess
passwords without limit while ``POST /users/login`` answers 429.
"""

from types import SimpleNamespace

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from accounts.lockout import authenticate_with_lockout
from eventsite.api.throttling import AuthRateThrottle
from eventsite.runtime.errors import RateLimited

# What AuthRateThrottle needs of a view: the scope of POST /users/login.
_LOGIN_VIEW = SimpleNamespace(throttle_scope="auth")


class LockoutLoginMixin:
    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email is not None and password:
            self._refuse_if_throttled()
            try:
                self.user_cache = authenticate_with_lockout(
                    request=self.request, email=email, password=password
                )
            except RateLimited as limited:
                raise _throttled(limited) from limited
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data

    def _refuse_if_throttled(self) -> None:
        throttle = AuthRateThrottle()
        if not throttle.allow_request(self.request, _LOGIN_VIEW):
            raise _throttled(RateLimited(wait=round(throttle.wait())))


def _throttled(limited: RateLimited) -> forms.ValidationError:
    """The message ``POST /users/login`` answers with its 429."""
    return forms.ValidationError(limited.message, code="throttled")


class LoginForm(LockoutLoginMixin, AuthenticationForm):
    """The browsable API's login form (``/api-auth/login/``)."""


class AdminLoginForm(LockoutLoginMixin, AdminAuthenticationForm):
    """The admin's login form (``/admin/login/``): staff only, as Django's."""
