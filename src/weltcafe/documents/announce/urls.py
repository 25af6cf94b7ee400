"""URLs of the announcements: calendar files, feeds, save the date (public) and the organiser's post drafts."""

from django.urls import path

from weltcafe.documents.announce import feeds, views

orga_patterns = [
    path("events/<slug:slug>/announce/", views.announce, name="announce"),
]

public_patterns = [
    path("e/<slug:slug>/kalender.ics", views.event_ics, name="event_ics"),
    path("e/<slug:slug>/vormerken/", views.save_the_date, name="save_the_date"),
    path("kalender.ics", views.upcoming_ics, name="calendar_feed"),
    path("feeds/rss/", feeds.NetworkFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.NetworkAtomFeed(), name="feed_atom"),
]
