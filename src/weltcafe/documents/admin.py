from django.contrib import admin

from weltcafe.documents.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("title", "event", "published_at", "updated_at")
    list_filter = ("published_at",)
    search_fields = ("title", "event__title")
    list_select_related = ("event",)
    readonly_fields = ("generated", "generated_at", "created_at", "updated_at")
