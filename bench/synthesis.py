"""Benchmark of `weltcafe.synthesis` on the dev set (shared/data/klimarat_polis_de.csv).

Reproduce (from the repository root, about 6 minutes on 2 cores):

    PYTHONPATH=src .venv/bin/python bench/synthesis.py

Writes bench/results/synthesis.md and bench/results/synthesis.json. Quality: NMI and ARI against `label` with the
whole dev set as ONE group (no topic column), with k chosen automatically (bounds 2–10) and with the true k = 5,
on `df.sample(2000, random_state=0)` (the same rows: numpy's RandomState(0).choice without replacement) and on all
2,748 rows; ideas in the rest group count as one extra cluster. Baseline in the same run: word TF-IDF + k-means
with the true k. The automatic-k run on all rows is repeated for random_state 1–4. Time: 500 and 5,000 ideas
from an empty embedding cache (cold; the 5,000 are the 2,748 rows plus 2,252 rows drawn with replacement and
lightly perturbed, so nearly every text is new to the cache), then the same 5,000 re-clustered with the cache
filled. The dev set is what the method was tuned on: these are dev figures, not held-out ones.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import time
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from weltcafe.synthesis import EmbeddingCache, Harvester, IdeaInput
from weltcafe.synthesis.embedding import E5Embedder
from weltcafe.synthesis.text import normalise

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "klimarat_polis_de.csv"
RESULTS = ROOT / "bench" / "results"
COMMAND = "PYTHONPATH=src .venv/bin/python bench/synthesis.py"


def load(path: Path) -> tuple[list[str], np.ndarray]:
    with path.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    return [row["text"] for row in rows], np.array([row["label"] for row in rows])


def perturb(text: str, rng: np.random.Generator) -> str:
    """A light edit that keeps the meaning but makes the text new to the cache: drop one word of a longer idea,
    or change the final punctuation, or the case of the first letter."""
    words = text.split()
    choice = int(rng.integers(3))
    if choice == 0 and len(words) >= 6:
        del words[int(rng.integers(1, len(words)))]
        return " ".join(words)
    if choice == 1:
        return text.rstrip(".!") + ("!" if not text.endswith("!") else ".")
    return (text[:1].lower() if text[:1].isupper() else text[:1].upper()) + text[1:]


def five_thousand(texts: list[str]) -> list[str]:
    rng = np.random.default_rng(2)
    extra = rng.integers(0, len(texts), size=5000 - len(texts))
    return texts + [perturb(texts[i], rng) for i in extra]


def ideas_of(texts: list[str]) -> list[IdeaInput]:
    return [IdeaInput(id=i, text=text) for i, text in enumerate(texts)]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_fit(texts: list[str], cache: EmbeddingCache, **params) -> tuple[Harvester, float]:
    started = time.perf_counter()
    harvester = Harvester(cache=cache, **params).fit(ideas_of(texts))
    return harvester, time.perf_counter() - started


def scores(truth: np.ndarray, predicted: list[int] | np.ndarray) -> dict[str, float]:
    return {
        "nmi": round(float(normalized_mutual_info_score(truth, predicted)), 3),
        "ari": round(float(adjusted_rand_score(truth, predicted)), 3),
    }


def baseline(texts: list[str], truth: np.ndarray) -> dict[str, float]:
    matrix = TfidfVectorizer(sublinear_tf=True, min_df=2).fit_transform(texts)
    return scores(truth, KMeans(5, n_init=10, random_state=0).fit_predict(matrix))


def quality(texts: list[str], truth: np.ndarray, cache: EmbeddingCache, name: str) -> list[dict]:
    rows = []
    for embedding in ("e5", "lexical"):
        for fixed in (None, 5):
            harvester, seconds = timed_fit(texts, cache, embedding=embedding, n_themes=fixed, max_themes=10)
            harvest = harvester.harvest_
            assigned = harvest.assignments(list(range(len(texts))))
            rows.append({
                "set": name, "method": f"{embedding} + {harvest.method.reduction} + k-means",
                "k": "auto (2–10)" if fixed is None else "5 (true)", "k_chosen": harvester.n_themes_[""],
                "rest": len(harvest.rest), "seconds": round(seconds, 2), **scores(truth, assigned),
            })
    rows.append({"set": name, "method": "baseline: word TF-IDF + k-means", "k": "5 (true)", "k_chosen": 5,
                 "rest": 0, "seconds": None, **baseline(texts, truth)})
    return rows


def seed_robustness(texts: list[str], truth: np.ndarray, cache: EmbeddingCache) -> list[dict]:
    """The e5 pipeline with automatic k on all rows for other seeds (k-means, PCA and the k-selection sample)."""
    rows = []
    for seed in range(1, 5):
        harvester = Harvester(cache=cache, embedding="e5", max_themes=10, random_state=seed).fit(ideas_of(texts))
        assigned = harvester.harvest_.assignments(list(range(len(texts))))
        rows.append({"random_state": seed, "k_chosen": harvester.n_themes_[""], **scores(truth, assigned)})
    return rows


def example_labels(texts: list[str], truth: np.ndarray, cache: EmbeddingCache) -> list[dict]:
    """As in a café: each label is a topic table; themes per topic with the default bounds (2–8)."""
    pairs = enumerate(zip(texts, truth, strict=True))
    ideas = [IdeaInput(id=i, text=text, topic=str(topic)) for i, (text, topic) in pairs]
    harvest = Harvester(cache=cache).fit(ideas).harvest_
    return [{"topic": t.topic, "label": t.label, "size": t.size, "keywords": list(t.keywords[:4])}
            for t in harvest.themes]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    texts, truth = load(args.data)
    sample = np.random.RandomState(0).choice(len(texts), 2000, replace=False)  # == df.sample(2000, random_state=0)
    load_before = os.getloadavg()

    # Time. Cold = empty cache and the model not yet loaded in this process.
    E5Embedder._model = None
    sample_500 = [texts[i] for i in np.random.RandomState(1).choice(len(texts), 500, replace=False)]
    _, cold_500 = timed_fit(sample_500, EmbeddingCache())
    print(f"500 cold: {cold_500:.1f} s", flush=True)
    big = five_thousand(texts)
    cache = EmbeddingCache()
    harvester, cold_5000 = timed_fit(big, cache)
    print(f"5000 cold: {cold_5000:.1f} s (k={harvester.n_themes_['']})", flush=True)
    _, warm_5000 = timed_fit(big, cache)
    print(f"5000 re-clustered: {warm_5000:.1f} s", flush=True)
    new = [f"{text} (Nachtrag)" for text in texts[:50]]
    _, plus_50 = timed_fit(big + new, cache)
    print(f"5000 + 50 new: {plus_50:.1f} s", flush=True)
    timing = {"500_cold_s": round(cold_500, 1), "5000_cold_s": round(cold_5000, 1),
              "5000_distinct_texts": len({normalise(text) for text in big}),
              "5000_recluster_cached_s": round(warm_5000, 1), "5000_plus_50_new_s": round(plus_50, 1),
              "peak_rss_mb": round(peak_rss_mb()), "load_average_before": [round(x, 2) for x in load_before],
              "load_average_after": [round(x, 2) for x in os.getloadavg()]}

    # Quality, from the filled cache (it holds every dev-set text).
    table = quality([texts[i] for i in sample], truth[sample], cache, "sample 2000")
    table += quality(texts, truth, cache, "full 2748")
    for row in table:
        print(row, flush=True)
    seeds = seed_robustness(texts, truth, cache)
    for row in seeds:
        print(row, flush=True)
    labels = example_labels(texts, truth, cache)
    timing["peak_rss_mb"] = round(peak_rss_mb())
    result = {"command": COMMAND, "machine": f"{platform.machine()}, {os.cpu_count()} cores",
              "timing": timing, "quality": table, "seeds": seeds, "labels": labels}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "synthesis.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "synthesis.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 0


def markdown(result: dict) -> str:
    timing = result["timing"]
    lines = [
        "# Synthesis benchmark (dev set: klimarat_polis_de.csv)",
        "",
        f"Reproduce: `{result['command']}` — {result['machine']}; written by bench/synthesis.py.",
        "All rows as ONE group (no topic column); rest-group ideas count as one extra cluster. These are dev-set",
        "figures (the method was chosen on this set), not held-out ones.",
        "",
        "| set | method | k | k chosen | rest | NMI | ARI | s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in result["quality"]:
        seconds = "" if row["seconds"] is None else f"{row['seconds']:.1f}"
        lines.append(f"| {row['set']} | {row['method']} | {row['k']} | {row['k_chosen']} | {row['rest']} | "
                     f"{row['nmi']:.3f} | {row['ari']:.3f} | {seconds} |")
    lines += [
        "",
        "Other seeds, e5 pipeline, automatic k (2–10), all 2,748 rows: "
        + "; ".join(f"random_state={row['random_state']}: k={row['k_chosen']}, NMI {row['nmi']:.3f}, "
                    f"ARI {row['ari']:.3f}" for row in result["seeds"]) + ".",
        "",
        "| time | seconds |",
        "|---|---|",
        f"| 500 ideas, cold (empty cache, model load included) | {timing['500_cold_s']} |",
        f"| 5,000 ideas, cold (2,748 + 2,252 perturbed re-draws; {timing['5000_distinct_texts']:,} distinct texts, "
        f"each embedded once) | {timing['5000_cold_s']} |",
        f"| 5,000 ideas re-clustered, embeddings cached | {timing['5000_recluster_cached_s']} |",
        f"| 5,000 + 50 new ideas (only the 50 embedded) | {timing['5000_plus_50_new_s']} |",
        "",
        f"Peak memory (RSS of the whole benchmark process): {timing['peak_rss_mb']} MB. Load average before/after: "
        f"{timing['load_average_before']} / {timing['load_average_after']} (the machine is shared).",
        "",
        "Example labels (each dev-set label used as a topic table, default bounds 2–8 themes per topic):",
        "",
    ]
    lines += [f"- {row['topic']}: **{row['label']}** ({row['size']} ideas; {', '.join(row['keywords'])})"
              for row in result["labels"]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
