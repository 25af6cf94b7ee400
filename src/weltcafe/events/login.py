"""The organiser login and the admin login, limited per account and address with back-off.

Each attempt is counted before the password is checked, under two keys: the account from this address (guessing
one password) and the address alone (trying one password on many accounts). No key is the account alone, so
nobody can lock the organiser out from elsewhere. A right password refunds its own attempt.
"""

from __future__ import annotations

import ipaddress
import math
from typing import TYPE_CHECKING

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest
from django.utils.translation import ngettext

from weltcafe.common.throttle import Lockout

ACCOUNT_FROM_ADDRESS = Lockout(name="login-account", limit=10, window_seconds=15 * 60)
ADDRESS = Lockout(name="login-address", limit=30, window_seconds=15 * 60)


def client_address(request: HttpRequest | None) -> str:
    # uvicorn's proxy_headers already put the proxy's X-Forwarded-For into REMOTE_ADDR when trusted.
    raw = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if address.version == 6:
        # One IPv6 subscriber usually holds a whole /64; counting single addresses would give them 2^64 tries.
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def throttle_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie %(minutes)d Minute und versuchen Sie es dann "
        "erneut.",
        "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie %(minutes)d Minuten und versuchen Sie es dann "
        "erneut.",
        minutes,
    ) % {"minutes": minutes}


if TYPE_CHECKING:  # the type checker sees the form the mixin goes with; at run time it stays a plain mixin
    _LoginForm = AuthenticationForm
else:
    _LoginForm = object


class ThrottledLoginMixin(_LoginForm):
    """For any AuthenticationForm: count first, check the password only when every key allows it."""

    def _throttle_keys(self) -> list[tuple[Lockout, str]]:
        username = (self.data.get("username") or "").strip().casefold()
        address = client_address(self.request)
        return [(ACCOUNT_FROM_ADDRESS, f"{username}|{address}"), (ADDRESS, address)]

    def clean(self) -> dict:
        keys = self._throttle_keys()
        attempts = [(lockout, key, lockout.attempt(key)) for lockout, key in keys]
        refused = [attempt for _, _, attempt in attempts if not attempt.allowed]
        if refused:
            wait = max(attempt.retry_after_seconds for attempt in refused)
            raise forms.ValidationError(throttle_message(wait), code="throttled")
        cleaned = super().clean()
        for lockout, key, _ in attempts:
            lockout.refund(key)
        return cleaned


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class OrganiserLoginView(LoginView):
    template_name = "registration/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True
