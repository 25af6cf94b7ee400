"""weltcafe.synthesis: from the ideas of a café to themes, labels and summaries (issue #5).

A pure library (Python, numpy, scikit-learn): it imports neither Django nor any other weltcafe package, takes and
returns frozen dataclasses, and is deterministic for a given seed. The planned interface is described in
docs/synthesis.md; nothing is implemented here yet, so nothing pretends to work.
"""
