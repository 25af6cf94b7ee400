"""URLs: German pages without prefix, English under /en/ (i18n_patterns, German default regardless of browser)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from weltcafe.cafe import plan_views
from weltcafe.cafe import views as cafe_views
from weltcafe.common.health import health_view
from weltcafe.events.login import OrganiserLoginView
from weltcafe.events.views import organiser, participants, public

orga_patterns = [
    path("", organiser.event_list, name="event_list"),
    path("events/new/", organiser.event_create, name="event_create"),
    path("events/<slug:slug>/", organiser.event_detail, name="event_detail"),
    path("events/<slug:slug>/edit/", organiser.event_edit, name="event_edit"),
    path("events/<slug:slug>/archive/", organiser.event_archive, name="event_archive"),
    path("events/<slug:slug>/agenda/", organiser.agenda, name="agenda"),
    path("events/<slug:slug>/agenda/<int:item_id>/", organiser.agenda_item_edit, name="agenda_item_edit"),
    path(
        "events/<slug:slug>/agenda/<int:item_id>/delete/",
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
        "events/<slug:slug>/participants/<int:participant_id>/",
        participants.participant_edit,
        name="participant_edit",
    ),
    path(
        "events/<slug:slug>/participants/<int:participant_id>/delete/",
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
    path("events/<slug:slug>/cafe/topics/<int:topic_id>/", cafe_views.topic_edit, name="topic_edit"),
    path("events/<slug:slug>/cafe/topics/<int:topic_id>/delete/", cafe_views.topic_delete, name="topic_delete"),
]

public_patterns = [
    path("e/<slug:slug>/", public.event_page, name="event"),
]

urlpatterns = [
    path("health/", health_view, name="health"),
    path("i18n/setlang/", set_language, name="set_language"),
]
urlpatterns += i18n_patterns(
    path("", public.home, name="home"),
    path("", include((public_patterns, "public"))),
    path("orga/", include((orga_patterns, "orga"))),
    path("accounts/login/", OrganiserLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
