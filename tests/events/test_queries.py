import pytest

from tests.factories import EventFactory, ParticipantFactory
from weltcafe.events import queries
from weltcafe.events.models import Event

pytestmark = pytest.mark.integration


def test_events_for_organiser_shows_only_own_and_hides_archived(organiser, other_organiser):
    own = EventFactory(organisers=[organiser], title="Eigene")
    EventFactory(organisers=[other_organiser], title="Fremde")
    EventFactory(organisers=[organiser], title="Alt", status=Event.Status.ARCHIVED)

    visible = [event.title for event in queries.events_for_organiser(organiser)]
    with_archived = {event.title for event in queries.events_for_organiser(organiser, include_archived=True)}

    assert visible == [own.title]
    assert with_archived == {"Eigene", "Alt"}


def test_participants_search_matches_every_word_across_fields(event):
    ParticipantFactory(event=event, name="Anna Schmidt", organisation__name="Optronik Jena")
    ParticipantFactory(event=event, name="Anna Keller", organisation__name="Keller GmbH")

    found = [person.name for person in queries.participants(event, search="anna jena")]

    assert found == ["Anna Schmidt"]


def test_participants_sort_by_organisation_descending(event):
    ParticipantFactory(event=event, name="B", organisation__name="Alpha")
    ParticipantFactory(event=event, name="A", organisation__name="Zeta")

    assert [p.name for p in queries.participants(event, sort="-organisation")] == ["A", "B"]


def test_participants_search_folds_umlauts_and_case_on_every_database(event):
    from weltcafe.events.services import ParticipantData, add_participant

    add_participant(event=event, data=ParticipantData(name="Mehmet Özdemir", organisation="Gießerei Äpfel"))
    add_participant(event=event, data=ParticipantData(name="Anna Schmidt"))

    found = {
        query: [p.name for p in queries.participants(event, search=query)]
        for query in ("özdemir", "OZDEMIR", "giesserei", "ÄPFEL")
    }

    assert found == {query: ["Mehmet Özdemir"] for query in found}


def test_participants_sort_by_name_puts_umlauts_with_their_letter(event):
    for name in ("Zora", "Änne", "Bob"):
        ParticipantFactory(event=event, name=name)

    assert [p.name for p in queries.participants(event, sort="name")] == ["Änne", "Bob", "Zora"]
