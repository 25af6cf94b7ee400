"""The contact flow on the phone: asking, answering, the contact card, the private note — and the contact prompt of
a scanned badge under /live/b/<badge token>/kontakt/. Both sides must be visible and contactable at every step.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from weltcafe.events.access import bound_participant
from weltcafe.events.models import Participant
from weltcafe.events.queries import participant_by_badge_token
from weltcafe.networking.access import own_download, own_page, private
from weltcafe.networking.forms import AnswerForm, NoteForm
from weltcafe.networking.models import ContactRequest, ContactState
from weltcafe.networking.queries.contacts import contact_with, open_participant, pair_request, state_towards
from weltcafe.networking.queries.profiles import is_open, profile_of
from weltcafe.networking.services.contacts import RateLimitedError, answer_request
from weltcafe.networking.services.contacts import request_contact as ask_for_contact
from weltcafe.networking.services.notes import save_note
from weltcafe.networking.vcard import Card, make_vcard


def _notice(request: HttpRequest, me: Participant | None, title: str, text: str, status: int) -> HttpResponse:
    return render(request, "networking/notice.html", {"me": me, "title": title, "text": text}, status=status)


def _send_request(request: HttpRequest, sender: Participant, recipient: Participant) -> HttpResponse:
    try:
        result = ask_for_contact(sender=sender, recipient=recipient)
    except RateLimitedError as error:
        return _notice(request, sender, _("Bitte kurz warten"), str(error.args[0]), 429)
    except PermissionDenied as error:
        return _notice(request, sender, _("Nicht möglich"), str(error.args[0]) if error.args else "", 403)
    except ValidationError as error:
        return _notice(request, sender, _("Nicht möglich"), " ".join(error.messages), 400)
    if result.request.status == ContactRequest.Status.ACCEPTED:
        messages.success(request, _("Sie sind jetzt mit %(name)s verbunden.") % {"name": recipient.name})
    else:
        messages.success(request, _("Anfrage an %(name)s gesendet.") % {"name": recipient.name})
    return redirect("live:network", token=sender.access_token)


@require_POST
@own_page
def request_contact(request: HttpRequest, me: Participant, participant_id: int) -> HttpResponse:
    return _send_request(request, me, open_participant(me.event, participant_id))


@require_POST
@own_page
def answer(request: HttpRequest, me: Participant, request_id: int) -> HttpResponse:
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _notice(request, me, _("Nicht möglich"), _("Die Anfrage ist unvollständig."), 400)
    try:
        contact = answer_request(recipient=me, request_id=request_id, accept=form.accepts())
    except ContactRequest.DoesNotExist as error:
        raise Http404("request") from error
    except PermissionDenied as error:
        return _notice(request, me, _("Nicht möglich"), str(error.args[0]) if error.args else "", 403)
    except ValidationError as error:
        return _notice(request, me, _("Nicht möglich"), " ".join(error.messages), 409)
    if contact.status == ContactRequest.Status.ACCEPTED:
        messages.success(request, _("Sie sind jetzt mit %(name)s verbunden.") % {"name": contact.sender.name})
    else:
        messages.success(request, _("Anfrage abgelehnt."))
    return redirect("live:network", token=me.access_token)


@require_GET
@own_download
def vcard(request: HttpRequest, me: Participant, participant_id: int) -> HttpResponse:
    contact = contact_with(me, participant_id)
    other = contact.other
    phone = profile_of(other).phone
    event = contact.request.event
    card = Card(
        name=other.name,
        organisation=other.organisation.name if other.organisation else "",
        email=other.email,
        phone=phone,
        note=_("Kennengelernt bei %(event)s") % {"event": event.title},
    )
    response = HttpResponse(make_vcard(card).encode("utf-8"), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{slugify(other.name) or 'kontakt'}.vcf"
    ) or "attachment"
    return response


@require_POST
@own_page
def note(request: HttpRequest, me: Participant, participant_id: int) -> HttpResponse:
    contact = contact_with(me, participant_id)
    form = NoteForm(request.POST, prefix=f"c{participant_id}")
    if not form.is_valid():
        reasons = " ".join(str(error) for error in form.errors.get("text", []))
        return _notice(request, me, _("Nicht gespeichert"), reasons, 400)
    save_note(author=me, contact=contact.request, text=form.cleaned_data["text"])
    messages.success(request, _("Notiz gespeichert."))
    return redirect(reverse("live:network", kwargs={"token": me.access_token}) + "#contacts")


@never_cache
@require_http_methods(["GET", "POST"])
def scan(request: HttpRequest, token: str) -> HttpResponse:
    """Someone else's badge on a device bound to a person of the same meeting: "Kontakt mit B anfragen?" — never
    B's page. `token` is B's badge token; every other device goes back to the badge page, which knows what to do."""
    other = participant_by_badge_token(token)
    owner = bound_participant(request)
    if owner is None or owner.pk == other.pk or owner.event_id != other.event_id:
        if request.method == "POST":
            raise PermissionDenied
        return redirect("live:badge", token=token)
    if request.method == "POST":
        return _send_request(request, owner, other)
    profile = profile_of(other)
    existing = pair_request(owner, other)
    context = {
        "me": owner,
        "event": owner.event,
        "other": other if profile.visible else None,  # without consent: not even the name
        "other_open": profile.pk is not None and profile.open_for_contact,
        "me_open": is_open(owner),
        "state": state_towards(existing, owner),
        "ContactState": ContactState,
        "existing": existing,
    }
    return private(render(request, "networking/scan.html", context))
