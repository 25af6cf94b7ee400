"""Every JSON endpoint of the phones answers bad bodies with 400 and {"error": …}, never 500; typed text is clean."""

from __future__ import annotations

import io
import json
import uuid

import docx
import pytest
from django.urls import reverse

from weltcafe.cafe.models import Idea, Theme
from weltcafe.cafe.services import ideas as services
from weltcafe.cafe.services import themes as editing
from weltcafe.documents.report import render
from weltcafe.documents.report.services import generate_report

pytestmark = pytest.mark.integration

DEEP = "[" * 30_000 + "]" * 30_000
SURROGATE = '{"client_uuid": "%s", "table": %d, "round": %d, "text": "Idee \\ud800"}'



def _endpoints(place) -> dict[str, str]:
    token = place["ana"].access_token
    return {
        "idea (personal link)": reverse("live:post_idea", kwargs={"kind": "p", "token": token}),
        "idea (table link)": reverse("live:post_idea", kwargs={"kind": "t", "token": place["table"].access_token}),
        "key insight": reverse("live:key_insight", kwargs={"token": token}),
        "dots": reverse("live:dots", kwargs={"token": token}),
    }


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (DEEP, "Die Anfrage ist zu tief verschachtelt."),
        ('{"a": ' * 20 + "1" + "}" * 20, "Die Anfrage ist zu tief verschachtelt."),
        ('["eine", "Liste"]', "Die Anfrage muss ein JSON-Objekt sein."),
        ('{"text": "\\udfff"}', "Die Anfrage enthält ungültige Zeichen."),
    ],
)
def test_json_endpoints_answer_bad_bodies_with_400(client, place, body, error):
    answers = {
        name: client.post(url, data=body, content_type="application/json") for name, url in _endpoints(place).items()
    }

    assert {name: (answer.status_code, answer.json()) for name, answer in answers.items()} == {
        name: (400, {"error": error}) for name in answers
    }


def test_json_endpoints_answer_invalid_utf8_with_400(client, place):
    statuses = {
        name: client.post(url, data=b'{"text": "\xc3("}', content_type="application/json").status_code
        for name, url in _endpoints(place).items()
    }

    assert set(statuses.values()) == {400}


def test_post_idea_with_a_lone_surrogate_is_400_and_stores_nothing(client, place):
    body = SURROGATE % (uuid.uuid4(), place["table"].pk, place["round"].pk)
    url = reverse("live:post_idea", kwargs={"kind": "p", "token": place["ana"].access_token})

    response = client.post(url, data=body, content_type="application/json")

    assert (response.status_code, response.json()) == (400, {"error": "Die Anfrage enthält ungültige Zeichen."})
    assert not Idea.objects.exists()


def test_post_idea_strips_control_characters(client, place):
    body = {"client_uuid": str(uuid.uuid4()), "table": place["table"].pk, "round": place["round"].pk,
            "text": "Aus\x00bildung\x1b im\x85 Verbund\r\nfördern\x07"}
    url = reverse("live:post_idea", kwargs={"kind": "p", "token": place["ana"].access_token})

    response = client.post(url, data=json.dumps(body), content_type="application/json")

    assert response.status_code == 201
    assert Idea.objects.get().text == "Ausbildung im Verbund\nfördern"


def test_report_docx_renders_an_idea_typed_with_control_characters(place):
    poster = services.Poster(cafe=place["cafe"], participant=place["ana"])
    idea = services.capture_idea(poster=poster, client_uuid=uuid.uuid4(), text="Wasser\x00stoff\x0b-Netz\x01",
                                 table_id=place["table"].pk, round_id=place["round"].pk).idea
    services.mark_key_insight(cafe=place["cafe"], idea_id=idea.pk, host=place["ana"])
    theme = Theme.objects.create(topic=place["table"].topic, label="Entwurf")
    editing.rename_theme(topic=place["table"].topic, theme_id=theme.pk, label="Netze\x0c bauen\x1f")
    Idea.objects.filter(pk=idea.pk).update(theme=theme)
    report, _kept = generate_report(event=place["cafe"].event)

    document = docx.Document(io.BytesIO(render.export(report, "docx", "de")))

    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert ("Wasserstoff-Netz" in text, "Netze bauen" in text) == (True, True)
