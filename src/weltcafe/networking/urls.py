"""Networking URLs, mounted by config/urls.py: phone pages under the live token prefix, organiser pages."""

from django.urls import path

from weltcafe.networking.speed import views as speed
from weltcafe.networking.views import badge, contacts, organisations, phone

# Under /live/ (namespace "live"); `token` is a participant's personal link.
live_patterns = [
    path("p/<str:token>/netzwerk/", phone.hub, name="network"),
    path("p/<str:token>/netzwerk/profil/", phone.profile_page, name="network_profile"),
    path("p/<str:token>/netzwerk/unsichtbar/", phone.withdraw, name="network_withdraw"),
    path("p/<str:token>/netzwerk/treffen/", phone.meetings, name="network_meetings"),
    path("p/<str:token>/netzwerk/geraet-abmelden/", phone.forget_device, name="network_forget_device"),
    path("p/<str:token>/netzwerk/anfragen/<id:participant_id>/", contacts.request_contact, name="network_request"),
    path("p/<str:token>/netzwerk/antworten/<id:request_id>/", contacts.answer, name="network_answer"),
    path("p/<str:token>/netzwerk/kontakte/<id:participant_id>/vcard/", contacts.vcard, name="network_vcard"),
    path("p/<str:token>/netzwerk/kontakte/<id:participant_id>/notiz/", contacts.note, name="network_note"),
]

# A badge's QR code: `token` is the contact-only badge token, never a personal link (docs/security.md, "Tokens").
# Mounted before the /live/<kind>/<token>/ pages, which would otherwise take "b" for a kind.
badge_patterns = [
    path("b/<str:token>/", badge.badge, name="badge"),
    path("b/<str:token>/verbinden/", badge.claim, name="badge_claim"),
    path("b/<str:token>/kontakt/", contacts.scan, name="network_scan"),
]

# Under /orga/ (namespace "orga").
orga_patterns = [
    path("events/<slug:slug>/netzwerk/organisationen/", organisations.organisations, name="network_organisations"),
    path(
        "events/<slug:slug>/netzwerk/organisationen/<id:organisation_id>/",
        organisations.organisation,
        name="network_organisation",
    ),
]

# Speed networking (docs/networking.md, "Speed networking").
live_patterns += [
    path("p/<str:token>/netzwerk/speed/", speed.phone, name="network_speed"),
    path("p/<str:token>/netzwerk/speed/state/", speed.phone_state_view, name="speed_state"),
    path("w/<str:token>/speed/", speed.wall, name="speed_wall"),
    path("w/<str:token>/speed/state/", speed.wall_state_view, name="speed_wall_state"),
]
orga_patterns += [
    path("events/<slug:slug>/netzwerk/speed/", speed.control, name="network_speed"),
    path("events/<slug:slug>/netzwerk/speed/planen/", speed.create, name="network_speed_create"),
    path("events/<slug:slug>/netzwerk/speed/runde/", speed.action, name="network_speed_action"),
]
