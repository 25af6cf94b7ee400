from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "weltcafe.common"
    label = "common"
    verbose_name = _("Allgemein")

    def ready(self) -> None:
        from weltcafe.common.url_ids import register_id_converter

        register_id_converter()  # before any URLconf is read: the urls modules use <id:…>

        from weltcafe.common.database_pool import retry_steadily

        retry_steadily()
