"""Round control, moderation and re-seating of the live café, against the real database."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from weltcafe.cafe.models import Idea, ModerationEntry, Seat
from weltcafe.cafe.queries import setup as cafe_queries
from weltcafe.cafe.services import attendance, seating
from weltcafe.cafe.services import ideas as services
from weltcafe.cafe.services import rounds as cafe_rounds

pytestmark = pytest.mark.integration


def _seated(cafe, round_index):
    return (
        Seat.objects.filter(round__cafe=cafe, round__index=round_index)
        .exclude(participant__hosted_tables__isnull=False)
        .select_related("participant", "table", "round")
        .first()
    )


def test_round_lifecycle_start_pause_extend_resume_end_next(demo_cafe):
    first = cafe_rounds.start_round(cafe=demo_cafe, index=1)
    planned_end = first.deadline
    paused = cafe_rounds.pause_round(cafe=demo_cafe)
    extended = cafe_rounds.extend_round(cafe=demo_cafe, minutes=5)
    resumed = cafe_rounds.resume_round(cafe=demo_cafe)
    ended = cafe_rounds.end_round(cafe=demo_cafe)
    second = cafe_rounds.next_round(cafe=demo_cafe)

    assert paused.status == "paused"
    assert 19 * 60 <= paused.paused_remaining <= 20 * 60
    assert extended.paused_remaining == paused.paused_remaining + 300
    assert resumed.status == "running"
    assert resumed.deadline > planned_end
    assert ended.status == "ended"
    assert (second.index, second.status, cafe_queries.current_round(demo_cafe).index) == (2, "running", 2)


def test_starting_a_round_ends_the_running_one(demo_cafe):
    cafe_rounds.start_round(cafe=demo_cafe, index=1)
    cafe_rounds.start_round(cafe=demo_cafe, index=2)

    assert [r.status for r in demo_cafe.rounds.order_by("index")] == ["ended", "running", "planned"]


def test_round_control_refuses_what_makes_no_sense(demo_cafe):
    with pytest.raises(ValidationError, match="keine Runde"):
        cafe_rounds.pause_round(cafe=demo_cafe)
    cafe_rounds.start_round(cafe=demo_cafe, index=1)
    with pytest.raises(ValidationError, match="schon gestartet"):
        cafe_rounds.start_round(cafe=demo_cafe, index=1)
    with pytest.raises(ValidationError):
        cafe_rounds.extend_round(cafe=demo_cafe, minutes=0)
    for index in (2, 3):
        cafe_rounds.start_round(cafe=demo_cafe, index=index)
    with pytest.raises(ValidationError, match="Alle Runden"):
        cafe_rounds.next_round(cafe=demo_cafe)


def test_broadcast_message_is_trimmed_and_limited(demo_cafe):
    cafe_rounds.set_broadcast_message(cafe=demo_cafe, text="  Bitte   zum Plenum ")
    demo_cafe.refresh_from_db()
    assert demo_cafe.broadcast_message == "Bitte zum Plenum"
    with pytest.raises(ValidationError):
        cafe_rounds.set_broadcast_message(cafe=demo_cafe, text="x" * 281)


def test_an_announcement_ends_when_the_facilitator_said(demo_cafe, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from weltcafe.cafe.live import payloads

    cafe_rounds.set_broadcast_message(cafe=demo_cafe, text="Bitte in 2 Minuten den Tisch wechseln", minutes=2)
    demo_cafe.refresh_from_db()
    shown = payloads.message_payload(demo_cafe)
    sent_at = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: sent_at + timedelta(minutes=2, seconds=1))
    later = payloads.message_payload(demo_cafe)

    assert shown["message"] == "Bitte in 2 Minuten den Tisch wechseln"
    assert shown["message_until"] == demo_cafe.broadcast_until.isoformat()
    assert 119 <= (demo_cafe.broadcast_until - demo_cafe.broadcast_at).total_seconds() <= 121
    assert later == {"message": "", "message_at": None, "message_until": None}  # a screen connecting now: nothing


def test_an_announcement_for_an_unknown_time_is_refused_and_changes_nothing(demo_cafe):
    cafe_rounds.set_broadcast_message(cafe=demo_cafe, text="Bitte zum Plenum")
    with pytest.raises(ValidationError, match="wie lange"):
        cafe_rounds.set_broadcast_message(cafe=demo_cafe, text="Kaffeepause", minutes=7)
    demo_cafe.refresh_from_db()
    assert demo_cafe.broadcast_message == "Bitte zum Plenum"
    assert demo_cafe.broadcast_until is None  # until removed


def _capture(cafe, seat, text="Idee", client_uuid=None):
    poster = services.Poster(cafe=cafe, participant=seat.participant)
    return services.capture_idea(
        poster=poster,
        client_uuid=client_uuid or uuid.uuid4(),
        text=text,
        table_id=seat.table_id,
        round_id=seat.round_id,
    )


def test_capture_within_grace_after_the_round_ended_then_refused(demo_cafe):
    cafe_rounds.start_round(cafe=demo_cafe, index=1)
    seat = _seated(demo_cafe, 1)
    cafe_rounds.end_round(cafe=demo_cafe)

    assert _capture(demo_cafe, seat, "kurz danach").created
    demo_cafe.rounds.filter(index=1).update(ended_at=timezone.now() - dt.timedelta(seconds=demo_cafe.grace_seconds + 1))
    with pytest.raises(ValidationError, match="beendet"):
        _capture(demo_cafe, seat, "zu spät")
    assert Idea.objects.count() == 1


def test_moderation_hide_restore_edit_merge_with_audit_trail(demo_cafe, admin_user):
    cafe_rounds.start_round(cafe=demo_cafe, index=1)
    seat = _seated(demo_cafe, 1)
    first = _capture(demo_cafe, seat, "Fachkräfte halten").idea
    second = _capture(demo_cafe, seat, "Fachkräfte binden").idea

    services.hide_idea(cafe=demo_cafe, idea_id=first.pk, user=admin_user)
    services.restore_idea(cafe=demo_cafe, idea_id=first.pk, user=admin_user)
    services.edit_idea(cafe=demo_cafe, idea_id=first.pk, text="Fachkräfte halten und binden", user=admin_user)
    services.merge_ideas(cafe=demo_cafe, keep_id=first.pk, merge_id=second.pk, user=admin_user)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.text, first.status) == ("Fachkräfte halten und binden", "visible")
    assert (second.status, second.merged_into_id) == ("merged", first.pk)
    trail = list(ModerationEntry.objects.order_by("id").values_list("action", "before", "actor_user"))
    assert [entry[0] for entry in trail] == ["hide", "restore", "edit", "merge"]
    assert trail[2][1] == "Fachkräfte halten"
    assert {entry[2] for entry in trail} == {admin_user.pk}


def test_only_the_topic_host_marks_key_insights(demo_cafe):
    cafe_rounds.start_round(cafe=demo_cafe, index=1)
    seat = _seated(demo_cafe, 1)
    idea = _capture(demo_cafe, seat).idea
    host = seat.table.topic.hosts[0]

    services.mark_key_insight(cafe=demo_cafe, idea_id=idea.pk, host=host)
    with pytest.raises(PermissionDenied):
        services.mark_key_insight(cafe=demo_cafe, idea_id=idea.pk, host=seat.participant)
    idea.refresh_from_db()
    assert idea.is_key_insight


def test_reseat_present_keeps_started_rounds_and_drops_no_shows(demo_cafe):
    participants = list(demo_cafe.event.participants.filter(seats__isnull=False).distinct())
    no_show = participants[5]
    for person in participants:
        if person != no_show:
            attendance.set_checked_in(participant=person, present=True)
    cafe_rounds.start_round(cafe=demo_cafe, index=1)
    round_one = sorted(Seat.objects.filter(round__cafe=demo_cafe, round__index=1).values_list("participant", "table"))

    result = attendance.reseat_present(cafe=demo_cafe)

    assert result.from_round == 2
    assert result.absent == (no_show.name,)
    assert sorted(Seat.objects.filter(round__cafe=demo_cafe, round__index=1).values_list("participant", "table")) == (
        round_one
    )
    assert not Seat.objects.filter(participant=no_show, round__index__gt=1).exists()
    assert Seat.objects.filter(round__cafe=demo_cafe, round__index=3).count() == len(participants) - 1


def test_reseat_in_mix_mode_seats_a_late_arrival(demo_cafe):
    from tests.factories import ParticipantFactory

    seating.discard_plan(cafe=demo_cafe)
    demo_cafe.mode = "mix"
    demo_cafe.save(update_fields=["mode"])
    seating.plan_seating(cafe=demo_cafe, seed=1, time_limit=1)
    late = ParticipantFactory(event=demo_cafe.event, name="Spät Ankommende", organisation=None)
    cafe_rounds.start_round(cafe=demo_cafe, index=1)

    result = attendance.reseat_present(cafe=demo_cafe, time_limit=0.5)

    assert result.arrived == ("Spät Ankommende",)
    assert Seat.objects.filter(participant=late, round__index__in=[2, 3]).count() == 2
    assert not Seat.objects.filter(participant=late, round__index=1).exists()


def test_revoked_link_stops_working(demo_cafe, client):
    person = _seated(demo_cafe, 1).participant
    old = person.access_token

    attendance.revoke_access(participant=person)

    assert client.get(f"/live/p/{old}/").status_code == 404
    assert client.get(f"/live/p/{person.access_token}/").status_code == 200


def test_control_room_drives_rounds_and_moderation(client, demo_cafe):
    from django.contrib.auth import get_user_model

    organiser = get_user_model().objects.get(username="orga")
    client.force_login(organiser)
    slug = demo_cafe.event.slug

    page = client.get(f"/orga/events/{slug}/live/")
    client.post(f"/orga/events/{slug}/live/round/", {"action": "start"})
    client.post(f"/orga/events/{slug}/live/broadcast/", {"message": "Bitte zum Plenum", "minutes": "10"})
    seat = _seated(demo_cafe, 1)
    idea = _capture(demo_cafe, seat, "Weiterbildung im Verbund").idea
    client.post(f"/orga/events/{slug}/live/moderate/", {"action": "hide", "idea": idea.pk})
    after = client.get(f"/orga/events/{slug}/live/").content.decode()

    assert page.status_code == 200
    assert cafe_queries.current_round(demo_cafe).index == 1
    demo_cafe.refresh_from_db()
    assert demo_cafe.broadcast_message == "Bitte zum Plenum"
    assert (demo_cafe.broadcast_until - demo_cafe.broadcast_at).total_seconds() == pytest.approx(600, abs=1)
    assert Idea.objects.get(pk=idea.pk).status == "hidden"
    assert "Weiterbildung im Verbund" in after


def test_control_room_is_closed_to_other_organisers(client, demo_cafe, other_organiser):
    client.force_login(other_organiser)
    slug = demo_cafe.event.slug

    assert client.get(f"/orga/events/{slug}/live/").status_code == 404
    assert client.post(f"/orga/events/{slug}/live/round/", {"action": "start"}).status_code == 404
    assert cafe_queries.current_round(demo_cafe) is None
