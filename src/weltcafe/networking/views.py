"""Networking pages. Phones: token links under /live/p/<token>/netzwerk/… (no accounts; the device binding of the
live page decides whose phone it is), and the contact prompt of a scanned badge under /live/b/<badge token>/kontakt/.
Organisers: an organisation's history across their events.

Every phone page goes through the one device rule (`events.access.personal_link_view`): a device bound to someone
else never sees another participant's page (GET goes to the contact prompt, POST is 403). Every page filters by
consent through `queries`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from weltcafe.events.access import bound_participant, event_view, personal_link_view
from weltcafe.events.access import forget_device as drop_binding
from weltcafe.events.models import Event, Participant
from weltcafe.events.queries import participant_by_badge_token
from weltcafe.networking import queries, services
from weltcafe.networking.forms import NoteForm, ProfileForm
from weltcafe.networking.models import ContactRequest
from weltcafe.networking.vcard import Card, make_vcard
from weltcafe.networking.who_to_meet import who_to_meet


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex"
    # The token is in the URL: it must never reach another site. "same-origin", not "no-referrer" as on the live
    # page: with "no-referrer" browsers send `Origin: null` with form POSTs, which Django's CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


def _as_owner(view: Callable[..., HttpResponse], *, page: bool) -> Callable[..., HttpResponse]:
    @personal_link_view(page=page)
    @wraps(view)
    def wrapper(request: HttpRequest, token: str, *args: object, **kwargs: object) -> HttpResponse:
        return view(request, queries.participant_by_token(token), *args, **kwargs)

    return wrapper


def own_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The owner of `token` on their own (or a not yet bound) device, passed on as `me`; binds the device."""
    return _as_owner(view, page=True)


def own_download(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The same for a file: refused with 403 on a device bound to someone else, and it binds nothing."""
    return _as_owner(view, page=False)


def _notice(request: HttpRequest, me: Participant | None, title: str, text: str, status: int) -> HttpResponse:
    return render(request, "networking/notice.html", {"me": me, "title": title, "text": text}, status=status)


def _language() -> str:
    return (get_language() or "de")[:2]


# ------------------------------------------------------------------------------------------------------- phone pages
@require_GET
@own_page
def hub(request: HttpRequest, me: Participant) -> HttpResponse:
    profile = queries.profile_of(me)
    is_open = profile.pk is not None and profile.open_for_contact
    meet = who_to_meet(me, language=_language())
    contacts = queries.contacts(me) if is_open else []
    status = {}
    for pair in ContactRequest.objects.filter(Q(sender=me) | Q(recipient=me)).only("sender", "recipient", "status"):
        other = pair.recipient_id if pair.sender_id == me.pk else pair.sender_id
        if pair.status == ContactRequest.Status.ACCEPTED:
            status[other] = "accepted"
        elif pair.sender_id == me.pk:
            status[other] = "sent"  # a decline is never shown to the one who asked
        else:
            status[other] = "received"
    open_ids = set(
        Participant.objects.filter(event_id=me.event_id).filter(queries.open_q()).values_list("pk", flat=True)
    )
    context = {
        "me": me,
        "event": me.event,
        "profile": profile,
        "is_open": is_open,
        "suggestions": [
            (item, status.get(item.participant.pk), item.participant.pk in open_ids) for item in meet.suggestions
        ],
        "sat_with": [(person, status.get(person.pk), person.pk in open_ids) for person in meet.sat_with],
        "incoming": queries.incoming_requests(me),
        "outgoing": queries.outgoing_requests(me),
        "contacts": [
            (contact, NoteForm(initial={"text": contact.note}, prefix=f"c{contact.other.pk}")) for contact in contacts
        ],
    }
    return render(request, "networking/hub.html", context)


@require_http_methods(["GET", "POST"])
@own_page
def profile_page(request: HttpRequest, me: Participant) -> HttpResponse:
    profile = queries.profile_of(me)
    topics = list(queries.cafe_topics(me.event))
    form = ProfileForm(request.POST or None, topics=topics, initial=ProfileForm.initial_for(profile))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_profile(participant=me, data=form.profile_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Ihr Profil ist gespeichert."))
            return redirect("live:network", token=me.access_token)
    return render(request, "networking/profile.html", {"me": me, "event": me.event, "form": form})


@require_POST
@own_page
def withdraw(request: HttpRequest, me: Participant) -> HttpResponse:
    services.withdraw_visibility(participant=me)
    messages.success(request, _("Sie sind jetzt für niemanden mehr sichtbar."))
    return redirect("live:network", token=me.access_token)


def _send_request(request: HttpRequest, sender: Participant, recipient: Participant) -> HttpResponse:
    try:
        result = services.request_contact(sender=sender, recipient=recipient)
    except services.RateLimitedError as error:
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
    return _send_request(request, me, queries.open_participant(me.event, participant_id))


@require_POST
@own_page
def answer(request: HttpRequest, me: Participant, request_id: int) -> HttpResponse:
    decision = request.POST.get("decision")
    if decision not in ("accept", "decline"):
        return _notice(request, me, _("Nicht möglich"), _("Die Anfrage ist unvollständig."), 400)
    try:
        contact = services.answer_request(recipient=me, request_id=request_id, accept=decision == "accept")
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
    contact = queries.contact_with(me, participant_id)
    other = contact.other
    phone = queries.profile_of(other).phone
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
    )
    return response


@require_POST
@own_page
def note(request: HttpRequest, me: Participant, participant_id: int) -> HttpResponse:
    contact = queries.contact_with(me, participant_id)
    form = NoteForm(request.POST, prefix=f"c{participant_id}")
    if not form.is_valid():
        return _notice(request, me, _("Nicht gespeichert"), " ".join(form.errors.get("text", [])), 400)
    services.save_note(author=me, contact=contact.request, text=form.cleaned_data["text"])
    messages.success(request, _("Notiz gespeichert."))
    return redirect(reverse("live:network", kwargs={"token": me.access_token}) + "#contacts")


@require_GET
@own_page
def meetings(request: HttpRequest, me: Participant) -> HttpResponse:
    history = queries.history(me)
    context = {"me": me, "event": me.event, "history": history, "visible": queries.is_visible(me)}
    return render(request, "networking/meetings.html", context)


# ---------------------------------------------------------------------------------- a scanned badge, the binding
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
    profile = queries.profile_of(other)
    existing = queries.pair_request(owner, other)
    state = None
    if existing is not None:
        if existing.status == ContactRequest.Status.ACCEPTED:
            state = "accepted"
        else:
            state = "sent" if existing.sender_id == owner.pk else "received"
    context = {
        "me": owner,
        "event": owner.event,
        "other": other if profile.visible else None,  # without consent: not even the name
        "other_open": profile.pk is not None and profile.open_for_contact,
        "me_open": queries.is_open(owner),
        "state": state,
        "existing": existing,
    }
    return _private(render(request, "networking/scan.html", context))


@require_POST
@personal_link_view()
def forget_device(request: HttpRequest, token: str) -> HttpResponse:
    """ "Nicht Ihr Gerät?": drop the binding (as a private window would); the next personal link opened binds."""
    response = redirect("home")
    drop_binding(response)
    return response


# --------------------------------------------------------------------------------------------------- organisers
@require_GET
@event_view
def organisations(request: HttpRequest, event: Event) -> HttpResponse:
    rows = queries.organisations_of(event)
    return render(request, "networking/orga_organisations.html", {"event": event, "organisations": rows})


@require_GET
@event_view
def organisation_history(request: HttpRequest, event: Event, organisation_id: int) -> HttpResponse:
    organisation = queries.organisation_for_event(event, organisation_id)
    rows = queries.organisation_history(request.user, organisation)
    context = {"event": event, "organisation": organisation, "meetings": rows}
    return render(request, "networking/orga_organisation.html", context)
