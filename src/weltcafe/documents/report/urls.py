"""URLs of documents.report: `orga_patterns` under /orga/ (namespace orga), `public_patterns` at the site root
(namespace public). Collected by documents/urls.py."""

from django.urls import path

from weltcafe.documents.report import views

orga_patterns: list = [
    path("events/<slug:slug>/report/", views.report_editor, name="report"),
    path("events/<slug:slug>/report/generate/", views.report_generate, name="report_generate"),
    path("events/<slug:slug>/report/reset/", views.report_reset, name="report_reset"),
    path("events/<slug:slug>/report/publish/", views.report_publish, name="report_publish"),
    path("events/<slug:slug>/report/preview/", views.report_preview, name="report_preview"),
    path("events/<slug:slug>/report/export.<str:fmt>", views.report_export, name="report_export"),
]
public_patterns: list = [
    path("e/<slug:slug>/bericht/", views.public_report_page, name="report"),
    path("e/<slug:slug>/bericht/bericht.<str:fmt>", views.public_report_export, name="report_download"),
]
