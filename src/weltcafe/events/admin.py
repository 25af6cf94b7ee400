from django.contrib import admin

from weltcafe.events.models import AgendaItem, Event, Organisation, Participant


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "starts_at", "venue", "status")
    list_filter = ("status",)
    search_fields = ("title", "venue", "hashtag")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("organisers",)
    inlines = [AgendaItemInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "event", "kind", "region", "sector")
    list_filter = ("kind", "region")
    search_fields = ("name", "sector")
    list_select_related = ("event",)


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "organisation", "role", "event", "checked_in_at")
    list_filter = ("role", "language", "event")
    search_fields = ("name", "email", "organisation__name")
    list_select_related = ("organisation", "event")
    readonly_fields = ("access_token",)
    raw_id_fields = ("organisation",)


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ("title", "event", "starts_at", "duration_minutes", "kind")
    list_filter = ("kind", "event")
    list_select_related = ("event",)
