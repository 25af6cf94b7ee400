"""Benchmark the matching library ("who to meet") on 1,000 synthetic participants of an industry network meeting.

    PYTHONPATH=src python bench/networking.py [--people N] [--seed S] [--skip-lexical]

Synthetic but realistic: 200 organisations in the 16 Bundesländer, 12 sectors; offers and seeks drawn from 60
German and English phrases on 15 topics (hydrogen, skilled workers, supply chains, …), half of them with a
qualifier appended ("– kurzfristig", "for our plant") so that texts repeat only partly; 2–4 interest tags in
varying spellings; 90 % consent to be visible; each person met ~15 others in three café rounds at tables of six.

Reports: the cold embedding (empty cache, e5 model load included), the same with a warm cache, then
`recommend` for everyone given the vectors (best of 3), peak memory, and two quality checks against the
phrases' topics. Writes bench/results/networking.md.
"""

from __future__ import annotations

import argparse
import platform
import random
import resource
import time
import tracemalloc
from pathlib import Path

import numpy as np

from weltcafe.matching import OFFER, SEEK, Person, TextVectors, embed_texts, recommend
from weltcafe.matching.scoring import CALIBRATION
from weltcafe.synthesis import EmbeddingCache

ROOT = Path(__file__).resolve().parent
REGIONS = ("BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH")
SECTORS = ("Maschinenbau", "Automobilzulieferer", "Chemie", "Energie", "Logistik", "IT-Dienstleistungen",
           "Metallverarbeitung", "Elektrotechnik", "Kunststoff", "Beratung", "Bildung", "Öffentliche Verwaltung")
KINDS = ("company", "company", "company", "chamber", "association", "research", "initiative", "ministry")

# topic (also the interest tag): (seeks, offers) — the words people write on a network meeting's sign-up form.
TOPICS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Wasserstoff": (("Partner für Wasserstoff-Pilotprojekte gesucht",
                     "Looking for a supplier of green hydrogen for our furnaces"),
                    ("Wir bauen Elektrolyseure und betreiben Pilotanlagen",
                     "Engineering for hydrogen pipelines and storage")),
    "Fachkräfte": (("Fachkräfte gewinnen", "We struggle to hire skilled electricians"),
                   ("Wir vermitteln Fachkräfte aus dem Ausland",
                    "Recruiting and onboarding of international skilled workers")),
    "Lieferketten": (("Zweitlieferanten für Elektronikbauteile gesucht",
                      "Need more resilient supply chains for raw materials"),
                     ("Lieferkettenanalyse und Risikomanagement",
                      "We source electronic components from several regions")),
    "Digitalisierung": (("Unterstützung bei der Digitalisierung unserer Fertigung",
                         "Looking for help to introduce an ERP system"),
                        ("ERP-Einführung im Mittelstand", "Digital twins and IoT for production lines")),
    "Förderung": (("Fördermittel für Innovationsprojekte finden", "Which funding programmes fit our energy project?"),
                  ("Beratung zu Förderprogrammen von Bund und Land",
                   "We write successful grant applications for SMEs")),
    "Energieeffizienz": (("Energiekosten in der Produktion senken", "Looking for waste heat recovery solutions"),
                         ("Energieaudits und Effizienzberatung für Betriebe",
                          "Heat pumps and waste heat use for industrial processes")),
    "Kreislaufwirtschaft": (("Abnehmer für Kunststoffabfälle gesucht",
                             "We want to use recycled materials in our products"),
                            ("Recycling von Kunststoffen und Verkauf von Rezyklat",
                             "Circular design consulting for manufacturers")),
    "Export": (("Markteintritt in Südostasien vorbereiten", "Looking for distribution partners in the USA"),
               ("Außenwirtschaftsberatung und Exportförderung", "Market entry services for Asia and North America")),
    "Ausbildung": (("Ausbildungsplätze besetzen", "We need apprentices for metalworking"),
                   ("Berufsorientierung an Schulen und Ausbildungsmessen",
                    "Matching school leavers with apprenticeships")),
    "Logistik": (("Transportkapazitäten für Schwerlast gesucht", "Looking for a warehouse near Leipzig"),
                 ("Schwerlastlogistik und Projekttransporte", "Contract logistics and warehousing in central Germany")),
    "IT-Sicherheit": (("Schutz vor Cyberangriffen verbessern", "Need an IT security audit"),
                      ("IT-Sicherheitsberatung und Penetrationstests", "Security awareness training for employees")),
    "Nachhaltigkeit": (("Hilfe beim Nachhaltigkeitsbericht nach CSRD",
                        "Looking for a tool to calculate our carbon footprint"),
                       ("CO2-Bilanzierung für Unternehmen", "Sustainability reporting consulting (CSRD, ESG)")),
    "Automatisierung": (("Roboter für die Montage einführen", "Looking for automation of quality inspection"),
                        ("Robotik-Integration für kleine Serien", "AI-based visual inspection systems")),
    "Forschung": (("Forschungspartner für neue Werkstoffe gesucht",
                   "We want to cooperate with a university on batteries"),
                  ("Hochschule bietet Kooperation in der Materialforschung",
                   "Battery research lab open for joint projects")),
    "Start-ups": (("Kontakt zu Start-ups für Pilotkunden", "Looking for investors for our cleantech start-up"),
                  ("Wir sind Pilotkunde für Lösungen von Start-ups",
                   "Business angel network for industrial start-ups")),
}
QUALIFIERS = ("kurzfristig", "ab 2026", "für unser Werk in Sachsen", "bundesweit", "im Mittelstand",
              "short-term", "for our plant", "across Europe")
SPELLINGS = (str, str.lower, str.upper, lambda tag: tag.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue"))


def topic_of_phrase() -> dict[str, str]:
    return {phrase: topic for topic, (seeks, offers) in TOPICS.items() for phrase in (*seeks, *offers)}


def synthetic_people(n: int, seed: int) -> tuple[list[Person], dict[int, set[int]]]:
    rng = random.Random(seed)
    organisations = [(f"org-{k}", rng.choice(REGIONS), rng.choice(SECTORS), rng.choice(KINDS)) for k in range(200)]
    topics = list(TOPICS)

    def phrase(options: tuple[str, ...]) -> str:
        text = rng.choice(options)
        return f"{text} – {rng.choice(QUALIFIERS)}" if rng.random() < 0.5 else text

    people = []
    for pid in range(1, n + 1):
        key, region, sector, kind = rng.choice(organisations)
        home = rng.sample(topics, 2)
        seeks = [] if rng.random() < 0.1 else [phrase(TOPICS[t][0]) for t in home[: rng.randint(1, 2)]]
        offered = rng.sample(topics, rng.randint(1, 2))
        offers = [] if rng.random() < 0.1 else [phrase(TOPICS[t][1]) for t in offered]
        tags = {rng.choice(SPELLINGS)(t) for t in rng.sample([*home, *offered, *rng.sample(topics, 2)],
                                                              rng.randint(2, 4))}
        people.append(Person(
            id=pid, name=f"Person {pid}", organisation=key, region=region, sector=sector, organisation_kind=kind,
            interests=frozenset(tags), offers="; ".join(offers), seeks="; ".join(seeks),
            visible=rng.random() < 0.9, language="de" if rng.random() < 0.7 else "en",
        ))
    met: dict[int, set[int]] = {person.id: set() for person in people}
    ids = [person.id for person in people]
    for _ in range(3):  # three café rounds at tables of six: ~15 others each
        rng.shuffle(ids)
        for start in range(0, n, 6):
            table = ids[start: start + 6]
            for person in table:
                met[person].update(other for other in table if other != person)
    return people, met


def calibration_figures(vectors: TextVectors) -> dict[str, float]:
    """Cosines of seek × offer phrases (without qualifiers): same topic vs different topics."""
    topic = topic_of_phrase()
    seeks = [p for p in topic if any(p in TOPICS[t][0] for t in TOPICS)]
    offers = [p for p in topic if p not in seeks]
    known = [p for p in seeks + offers if p in vectors]
    seeks, offers = [p for p in seeks if p in known], [p for p in offers if p in known]
    matrix = np.stack([vectors.vectors[p] for p in seeks]) @ np.stack([vectors.vectors[p] for p in offers]).T
    same = np.array([[topic[s] == topic[o] for o in offers] for s in seeks])
    best = matrix.argmax(axis=1)
    return {
        "same_mean": float(matrix[same].mean()), "same_q10": float(np.quantile(matrix[same], 0.1)),
        "other_mean": float(matrix[~same].mean()), "other_q90": float(np.quantile(matrix[~same], 0.9)),
        "other_q99": float(np.quantile(matrix[~same], 0.99)),
        "top1": float(np.mean([same[i, best[i]] for i in range(len(seeks))])),
        "pairs": len(seeks) * len(offers),
    }


def quality(people: list[Person], result) -> dict[str, float]:
    """How often a named seek/offer reason joins two phrases of the same topic; share of people with suggestions."""
    topic = topic_of_phrase()

    def base(item: str) -> str:
        return item.split(" – ")[0]

    text_reasons = right = with_suggestions = suggestions = 0
    visible = [person for person in people if person.visible]
    for person in visible:
        recs = result[person.id]
        with_suggestions += bool(recs.suggestions)
        suggestions += len(recs.suggestions)
        for suggestion in recs.suggestions:
            for reason in suggestion.reasons:
                if reason.kind in (OFFER, SEEK):
                    text_reasons += 1
                    right += topic[base(reason.seek)] == topic[base(reason.offer)]
    return {"text_reasons": text_reasons, "right": right / max(text_reasons, 1),
            "with_suggestions": with_suggestions / len(visible), "mean_suggestions": suggestions / len(visible),
            "baseline": 1 / len(TOPICS)}


def time_recommend(people: list[Person], met, vectors: TextVectors, repeats: int = 3) -> tuple[float, dict]:
    best, result = float("inf"), {}
    for _ in range(repeats):
        started = time.perf_counter()
        result = recommend(people, met=met, vectors=vectors, limit=5)
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-lexical", action="store_true")
    args = parser.parse_args()

    people, met = synthetic_people(args.people, args.seed)
    visible = [person for person in people if person.visible]
    met_counts = [len(others) for others in met.values()]
    cache = EmbeddingCache()
    started = time.perf_counter()
    vectors = embed_texts(people, embedding="e5", cache=cache)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    warm_vectors = embed_texts(people, embedding="e5", cache=cache)
    warm = time.perf_counter() - started
    if len(warm_vectors) != len(vectors):
        raise SystemExit("the warm cache gave a different number of vectors")

    seconds, result = time_recommend(people, met, vectors)
    tracemalloc.start()
    recommend(people, met=met, vectors=vectors, limit=5)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    e5_quality = quality(people, result)
    e5_calibration = calibration_figures(vectors)
    rows = [("e5", cold, seconds, e5_quality, e5_calibration)]
    if not args.skip_lexical:
        started = time.perf_counter()
        lexical = embed_texts(people, embedding="lexical")
        lexical_embed = time.perf_counter() - started
        lexical_seconds, lexical_result = time_recommend(people, met, lexical)
        rows.append(("lexical", lexical_embed, lexical_seconds, quality(people, lexical_result),
                     calibration_figures(lexical)))
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"] * 3

    lines = [
        "# Networking (matching) benchmark",
        "",
        f"Reproduce: `PYTHONPATH=src python bench/networking.py` — {platform.machine()}, {platform.system()}, "
        f"Python {platform.python_version()}, seed {args.seed}, load average {' '.join(load)} at the end "
        "(2 cores, shared with other sessions).",
        "",
        f"{len(people)} synthetic participants ({len(visible)} visible), 200 organisations, 16 Bundesländer, "
        f"{len(SECTORS)} sectors; offers and seeks from 60 phrases (15 topics, German and English), half with a "
        f"qualifier appended: {len(vectors)} distinct text items. Met at the tables: "
        f"{np.mean(met_counts):.1f} others on average (3 rounds, tables of six).",
        "",
        "| step | what it includes | seconds |",
        "|---|---|---:|",
        f"| embed, cold | `embed_texts`, empty `EmbeddingCache`, e5 model load included: {len(vectors)} texts "
        f"| {cold:.2f} |",
        f"| embed, warm | `embed_texts` again with the same cache (all hits) | {warm:.3f} |",
        f"| **recommend, e5 vectors** | `recommend(people, met=…, vectors=…, limit=5)` for all {len(people)}: "
        f"item cosines, calibration, all pair scores, masks, ranking, reasons and their sentences (best of 3) "
        f"| **{seconds:.3f}** |",
    ]
    if len(rows) > 1:
        lines.append(f"| embed, lexical | `embed_texts(embedding=\"lexical\")` (never cached) | {rows[1][1]:.2f} |")
        lines.append(f"| recommend, lexical vectors | as above (best of 3) | {rows[1][2]:.3f} |")
    lines += [
        "",
        f"Peak memory: traced allocations during one `recommend` call {traced_peak / 2**20:.0f} MB; "
        f"whole benchmark process (model, both backends) {peak_rss:.0f} MB max RSS.",
        "",
        "## Quality on the synthetic data",
        "",
        "A named seek/offer reason is *right* when the quoted seek and offer phrases come from the same topic "
        "(random pairs: 1 in 15).",
        "",
        "| backend | text reasons named | right | visible people with ≥ 1 suggestion | suggestions per person |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, _, _, figures, _ in rows:
        lines.append(f"| {name} | {figures['text_reasons']} | {figures['right']:.1%} | "
                     f"{figures['with_suggestions']:.1%} | {figures['mean_suggestions']:.2f} |")
    lines += [
        "",
        "## Calibration",
        "",
        "Raw cosines of the 30 seek × 30 offer phrases (no qualifiers). The library maps a cosine linearly from "
        "`low` (0) to `high` (1), see `CALIBRATION` in `scoring.py`; top-1 = share of seeks whose most similar "
        "offer is from their own topic.",
        "",
        "| backend | same topic: mean | same: 10 % quantile | other topics: mean | other: 90 % | other: 99 % "
        "| top-1 | low / high |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, _, _, _, calibration in rows:
        low, high = CALIBRATION[name]
        lines.append(f"| {name} | {calibration['same_mean']:.3f} | {calibration['same_q10']:.3f} | "
                     f"{calibration['other_mean']:.3f} | {calibration['other_q90']:.3f} | "
                     f"{calibration['other_q99']:.3f} | {calibration['top1']:.0%} | {low} / {high} |")
    example = next(recs for recs in result.values() if len(recs.suggestions) >= 3)
    lines += ["", f"## Example (person {example.person}, e5)", ""]
    person = next(p for p in people if p.id == example.person)
    lines.append(f"Seeks: {person.seeks or '—'}. Offers: {person.offers or '—'}. "
                 f"Interests: {', '.join(sorted(person.interests))}.")
    lines.append("")
    for suggestion in example.suggestions:
        lines.append(f"- {suggestion.other} ({suggestion.score:.3f}): "
                     + "; ".join(reason.text for reason in suggestion.reasons))
    lines.append(f"- Sie saßen zusammen mit: {', '.join(map(str, example.sat_with)) or '—'}")
    text = "\n".join(lines) + "\n"
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "networking.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
