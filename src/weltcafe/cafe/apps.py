from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CafeConfig(AppConfig):
    name = "weltcafe.cafe"
    label = "cafe"
    verbose_name = _("World Café")
