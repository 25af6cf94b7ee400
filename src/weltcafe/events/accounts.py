"""Organiser accounts: Django users in the organisers group."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

ORGANISERS_GROUP = "organisers"


def organisers_group() -> Group:
    group, _created = Group.objects.get_or_create(name=ORGANISERS_GROUP)
    return group


@transaction.atomic
def create_organiser(*, username: str, email: str = "", password: str) -> AbstractBaseUser:
    """Create a login for the organiser area; the password passes Django's validators or nothing is written."""
    user_model = get_user_model()
    if user_model.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("Der Benutzername „%(name)s“ ist schon vergeben.") % {"name": username})
    user = user_model(username=username, email=email)
    validate_password(password, user=user)
    user.set_password(password)
    user.save()
    user.groups.add(organisers_group())
    return user
