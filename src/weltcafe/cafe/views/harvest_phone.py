"""Dot voting on the phone: a participant sets how many of their dots lie on one option (JSON, token link)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weltcafe.cafe.access import resolve
from weltcafe.cafe.forms import DotsForm
from weltcafe.cafe.services import voting
from weltcafe.common.json_body import JsonBodyError, json_error, read_json_form
from weltcafe.events.access import personal_link_view


@require_POST
@personal_link_view(json=True)
def post_dots(request: HttpRequest, token: str) -> JsonResponse:
    viewer = resolve("p", token, request=request)
    try:
        body = read_json_form(request, DotsForm).cleaned_data
    except JsonBodyError as error:
        return json_error(error.message, 400)
    try:
        result = voting.set_dots(
            cafe=viewer.cafe,
            participant=viewer.person,
            ballot_id=body["ballot"],
            option_id=body["option"],
            count=body["count"],
        )
    except voting.VotingRateLimitedError as error:
        return json_error(str(error.args[0]), 429)
    except PermissionDenied as error:
        return json_error(str(error.args[0]) if error.args else _("Nicht erlaubt."), 403)
    except ValidationError as error:
        # 409: the ballot is closed or the dots are used up — the phone shows why and keeps its last good state.
        return json_error(" ".join(error.messages), 409)
    return JsonResponse(
        {"ballot": result.ballot.pk, "mine": {str(k): v for k, v in result.mine.items()}, "left": result.left}
    )
