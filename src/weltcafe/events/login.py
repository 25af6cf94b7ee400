"""The organiser login, with a limit on failed attempts per account and per address."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from weltcafe.common.throttle import RateLimit

FAILED_LOGINS = RateLimit(name="login", limit=10, window_seconds=15 * 60)


def client_address(request: HttpRequest) -> str:
    # uvicorn's proxy_headers already put the proxy's X-Forwarded-For into REMOTE_ADDR when trusted.
    return request.META.get("REMOTE_ADDR", "")


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _(
            "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie 15 Minuten und versuchen Sie es dann erneut."
        ),
    }

    def _throttle_keys(self) -> list[str]:
        username = (self.data.get("username") or "").strip().lower()
        return [f"user:{username}", f"addr:{client_address(self.request)}"] if self.request else [f"user:{username}"]

    def clean(self) -> dict:
        keys = self._throttle_keys()
        if any(FAILED_LOGINS.is_exceeded(key) for key in keys):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            for key in keys:
                FAILED_LOGINS.hit(key)
            raise


class OrganiserLoginView(LoginView):
    template_name = "registration/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True
