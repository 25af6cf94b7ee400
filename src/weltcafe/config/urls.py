"""URLs: German pages without prefix, English under /en/ (i18n_patterns, German default regardless of browser)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language

from weltcafe.cafe.views import control as control_views
from weltcafe.cafe.views import harvest as harvest_views
from weltcafe.cafe.views import harvest_phone
from weltcafe.cafe.views import live as live_views
from weltcafe.cafe.views import phone_links as phone_link_views
from weltcafe.cafe.views import plan as plan_views
from weltcafe.cafe.views import presentation as harvest_presentation
from weltcafe.cafe.views import setup as cafe_views
from weltcafe.common.health import health_view
from weltcafe.documents import urls as documents_urls
from weltcafe.events.login import OrganiserLoginView, ThrottledAdminAuthenticationForm
from weltcafe.events.views import organiser, participants, public
from weltcafe.networking import urls as networking_urls
from weltcafe.privacy import urls as privacy_urls

# The admin's login counts attempts like the organiser login does (events/login.py).
admin.site.login_form = ThrottledAdminAuthenticationForm

orga_patterns = [
    path("", organiser.event_list, name="event_list"),
    path("events/new/", organiser.event_create, name="event_create"),
    path("events/<slug:slug>/", organiser.event_detail, name="event_detail"),
    path("events/<slug:slug>/edit/", organiser.event_edit, name="event_edit"),
    path("events/<slug:slug>/archive/", organiser.event_archive, name="event_archive"),
    path("events/<slug:slug>/agenda/", organiser.agenda, name="agenda"),
    path("events/<slug:slug>/agenda/<id:item_id>/", organiser.agenda_item_edit, name="agenda_item_edit"),
    path(
        "events/<slug:slug>/agenda/<id:item_id>/delete/",
        organiser.agenda_item_delete,
        name="agenda_item_delete",
    ),
    path("events/<slug:slug>/participants/", participants.participant_list, name="participants"),
    path("events/<slug:slug>/participants/new/", participants.participant_create, name="participant_create"),
    path("events/<slug:slug>/participants/import/", participants.participant_import, name="participant_import"),
    path(
        "events/<slug:slug>/participants/import/confirm/",
        participants.participant_import_confirm,
        name="participant_import_confirm",
    ),
    path(
        "events/<slug:slug>/participants/import/columns/",
        participants.participant_import_map,
        name="participant_import_map",
    ),
    path(
        "events/<slug:slug>/participants/import/refused.csv",
        participants.participant_import_refused,
        name="participant_import_refused",
    ),
    path(
        "events/<slug:slug>/participants/<id:participant_id>/",
        participants.participant_edit,
        name="participant_edit",
    ),
    path(
        "events/<slug:slug>/participants/<id:participant_id>/delete/",
        participants.participant_delete,
        name="participant_delete",
    ),
    path("events/<slug:slug>/cafe/", cafe_views.cafe_setup, name="cafe"),
    path("events/<slug:slug>/cafe/topics/", cafe_views.topic_add, name="topic_add"),
    path("events/<slug:slug>/cafe/plan/", plan_views.plan_page, name="plan"),
    path("events/<slug:slug>/cafe/plan/run/", plan_views.plan_run, name="plan_run"),
    path("events/<slug:slug>/cafe/plan/swap/", plan_views.plan_swap, name="plan_swap"),
    path("events/<slug:slug>/cafe/plan/lock/", plan_views.plan_lock, name="plan_lock"),
    path("events/<slug:slug>/cafe/plan/export.csv", plan_views.plan_export, name="plan_export"),
    path("events/<slug:slug>/live/", control_views.control_room, name="live"),
    path("events/<slug:slug>/live/round/", control_views.round_action, name="live_round"),
    path("events/<slug:slug>/live/broadcast/", control_views.broadcast, name="live_broadcast"),
    path("events/<slug:slug>/live/reseat/", control_views.reseat, name="live_reseat"),
    path("events/<slug:slug>/live/moderate/", control_views.moderate, name="live_moderate"),
    path("events/<slug:slug>/live/people/<id:participant_id>/check-in/", control_views.check_in, name="live_check_in"),
    path("events/<slug:slug>/live/people/<id:participant_id>/revoke/", control_views.revoke_link, name="live_revoke"),
    path("events/<slug:slug>/live/people/<id:participant_id>/phone/", phone_link_views.phone_link, name="live_phone"),
    path(
        "events/<slug:slug>/live/people/<id:participant_id>/free-badge/",
        phone_link_views.free_badge,
        name="live_free_badge",
    ),
    path("events/<slug:slug>/live/wall/new-link/", control_views.renew_wall_link, name="live_wall_renew"),
    path(
        "events/<slug:slug>/live/tables/<id:table_id>/new-link/",
        control_views.renew_table_link,
        name="live_table_renew",
    ),
    path("events/<slug:slug>/harvest/", harvest_views.orga_overview, name="harvest"),
    path("events/<slug:slug>/harvest/run/", harvest_views.orga_run, name="harvest_run"),
    path("events/<slug:slug>/harvest/presentation/", harvest_presentation.presentation, name="presentation"),
    path("events/<slug:slug>/harvest/<id:topic_id>/", harvest_views.orga_topic, name="harvest_topic"),
    path("events/<slug:slug>/harvest/<id:topic_id>/edit/", harvest_views.orga_edit, name="harvest_edit"),
    path("events/<slug:slug>/harvest/<id:topic_id>/vote/", harvest_views.orga_ballot, name="harvest_ballot"),
    path("events/<slug:slug>/harvest/<id:topic_id>/draft/", harvest_views.orga_draft, name="harvest_draft"),
    path("events/<slug:slug>/cafe/topics/<id:topic_id>/", cafe_views.topic_edit, name="topic_edit"),
    path("events/<slug:slug>/cafe/topics/<id:topic_id>/delete/", cafe_views.topic_delete, name="topic_delete"),
]

orga_patterns += documents_urls.orga_patterns
orga_patterns += networking_urls.orga_patterns

# Token links (phones, table QR codes, the wall): `kind` is p, t or w.
live_patterns = [
    *networking_urls.badge_patterns,
    path("<str:kind>/<str:token>/", live_views.live_page, name="page"),
    path("<str:kind>/<str:token>/state/", live_views.live_state, name="state"),
    path("<str:kind>/<str:token>/ideas/", live_views.post_idea, name="post_idea"),
    path("p/<str:token>/insight/", live_views.key_insight, name="key_insight"),
    path("p/<str:token>/dots/", harvest_phone.post_dots, name="dots"),
    path("p/<str:token>/harvest/", harvest_views.host_overview, name="harvest"),
    path("p/<str:token>/harvest/run/", harvest_views.host_run, name="harvest_run"),
    path("p/<str:token>/harvest/<id:topic_id>/", harvest_views.host_topic, name="harvest_topic"),
    path("p/<str:token>/harvest/<id:topic_id>/edit/", harvest_views.host_edit, name="harvest_edit"),
]
live_patterns += networking_urls.live_patterns
live_patterns += privacy_urls.live_patterns

public_patterns = [
    path("e/<slug:slug>/", public.event_page, name="event"),
    *documents_urls.public_patterns,
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("health/", health_view, name="health"),
    path("i18n/setlang/", set_language, name="set_language"),
]
urlpatterns += i18n_patterns(
    path("", public.home, name="home"),
    path("", include((public_patterns, "public"))),
    path("orga/", include((orga_patterns, "orga"))),
    path("live/", include((live_patterns, "live"))),
    path("accounts/login/", OrganiserLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler500 = "weltcafe.config.backend_away.server_error"
