"""ASGI entry point: Django for HTTP (behind the request limits), Channels for websockets (websocket_routes.py)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weltcafe.config.settings")

from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator

from weltcafe.config.asgi_handler import get_one_hop_asgi_application

# Django must be set up before anything imports models.
django_asgi_app = get_one_hop_asgi_application()

from weltcafe.config.overload import InFlightLimit  # noqa: E402
from weltcafe.config.request_limits import RequestLimits  # noqa: E402
from weltcafe.config.websocket_routes import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        # Past capacity 503 + Retry-After at once (overload.py); then the body limits, in front of Django, which
        # would otherwise spool any body to disk before a view could refuse it.
        "http": InFlightLimit(RequestLimits(django_asgi_app)),
        "websocket": AllowedHostsOriginValidator(URLRouter(websocket_urlpatterns)),
    }
)
