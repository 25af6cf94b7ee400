"""URLs of the data exchange: exports of an event and the import of an exported event (organisers only)."""

from django.urls import path

from weltcafe.documents.exchange import views

orga_patterns = [
    path("import/", views.import_page, name="event_import"),
    path("events/<slug:slug>/export/", views.export_page, name="export"),
    path("events/<slug:slug>/export/<str:what>/", views.export_file, name="export_file"),
]
public_patterns: list = []
