"""URLs of documents.print_kit: `orga_patterns` under /orga/ (namespace orga), `public_patterns` at the site root
(namespace public). Collected by documents/urls.py."""

from django.urls import path

from weltcafe.documents.print_kit import views

orga_patterns: list = [
    path("events/<slug:slug>/print/", views.print_kit, name="print_kit"),
    path("events/<slug:slug>/print/download/", views.print_kit_download, name="print_kit_download"),
]
public_patterns: list = []
