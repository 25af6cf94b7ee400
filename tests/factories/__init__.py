"""factory_boy factories: real rows in the real database, no mocks. One module per app; all importable from here."""

from tests.factories.cafe import (
    BallotFactory,
    CafeFactory,
    HarvestRunFactory,
    IdeaFactory,
    ModerationEntryFactory,
    RoundFactory,
    SeatFactory,
    TableFactory,
    ThemeFactory,
    TopicFactory,
    VoteFactory,
)
from tests.factories.documents import ReportFactory
from tests.factories.events import (
    BERLIN,
    AgendaItemFactory,
    EventFactory,
    ImportColumnChoiceFactory,
    OrganisationFactory,
    OrganiserFactory,
    ParticipantFactory,
    UserFactory,
)
from tests.factories.networking import (
    ContactNoteFactory,
    ContactRequestFactory,
    ProfileFactory,
    SpeedRoundFactory,
    SpeedSeatFactory,
    SpeedSessionFactory,
)

__all__ = [
    "BERLIN",
    "AgendaItemFactory",
    "BallotFactory",
    "CafeFactory",
    "ContactNoteFactory",
    "ContactRequestFactory",
    "EventFactory",
    "HarvestRunFactory",
    "IdeaFactory",
    "ImportColumnChoiceFactory",
    "ModerationEntryFactory",
    "OrganisationFactory",
    "OrganiserFactory",
    "ParticipantFactory",
    "ProfileFactory",
    "ReportFactory",
    "RoundFactory",
    "SeatFactory",
    "SpeedRoundFactory",
    "SpeedSeatFactory",
    "SpeedSessionFactory",
    "TableFactory",
    "ThemeFactory",
    "TopicFactory",
    "UserFactory",
    "VoteFactory",
]
