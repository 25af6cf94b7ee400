from django.contrib import admin

from weltcafe.cafe.models import Ballot, Cafe, Idea, Round, Seat, Table, Theme, Topic, Vote


class TopicInline(admin.StackedInline):
    model = Topic
    extra = 0


@admin.register(Cafe)
class CafeAdmin(admin.ModelAdmin):
    list_display = ("title", "event", "mode", "round_count", "round_minutes")
    list_select_related = ("event",)
    inlines = [TopicInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("title", "cafe", "position")
    list_select_related = ("cafe",)


@admin.register(Table)
class TableAdmin(admin.ModelAdmin):
    list_display = ("number", "topic", "host", "capacity", "cafe")
    list_select_related = ("topic", "cafe", "host")
    raw_id_fields = ("host",)


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("index", "cafe", "planned_minutes", "started_at", "ended_at")
    list_select_related = ("cafe",)


@admin.register(Seat)
class SeatAdmin(admin.ModelAdmin):
    list_display = ("participant", "round", "table")
    list_select_related = ("participant", "round", "table")
    raw_id_fields = ("participant",)


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = ("text", "table", "round", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("text",)
    list_select_related = ("table", "round")
    raw_id_fields = ("author", "merged_into", "theme")


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("label", "topic", "machine_label", "edited_by_person", "hidden")
    list_filter = ("edited_by_person", "hidden")


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    list_display = ("topic", "kind", "dots_per_person", "opened_at", "closed_at")


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ("ballot", "theme", "idea", "participant", "dots")
    raw_id_fields = ("participant", "theme", "idea")
