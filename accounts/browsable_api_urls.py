"""``/api-auth/``: DRF's login and logout views for the browsable API, with our login form.

Same names and namespace as ``rest_framework.urls``, so the browsable API's links still resolve.
"""

from django.contrib.auth import views
from django.urls import path

from accounts.forms import LoginForm

app_name = "rest_framework"

urlpatterns = [
    path(
        "login/",
        views.LoginView.as_view(template_name="rest_framework/login.html", authentication_form=LoginForm),
        name="login",
    ),
    path("logout/", views.LogoutView.as_view(), name="logout"),
]
