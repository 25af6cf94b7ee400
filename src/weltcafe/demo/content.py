"""A network meeting modelled on a real one: "Netzwerktreffen 2022 · #ResilienteRegionen" at a trade fair.

People are invented; organisation names are invented but typical of who comes (chambers, companies, unions,
ministries, initiatives) from across the Bundesländer.
"""

from __future__ import annotations

EVENT = {
    "slug": "netzwerktreffen-2022-resiliente-regionen",
    "title": "Netzwerktreffen 2022 · #ResilienteRegionen: Die Industrie von morgen",
    "venue": "Messe Leipzig, Halle 3, Forum Industrie",
    "hashtag": "ResilienteRegionen",
    "time_zone": "Europe/Berlin",
    "starts": "2022-09-21T10:00",
    "ends": "2022-09-21T12:30",
    "description": (
        "Das Netzwerktreffen der regionalen Industrieinitiativen auf der Messe: Wie bleibt die Industrie in "
        "unseren Regionen krisenfest, findet die Fachkräfte von morgen und wird ihrer ökologischen Verantwortung "
        "gerecht? Nach einem Impuls zur Cybersicherheit in Lieferketten arbeiten wir im World Café an drei Themen, "
        "hören die Ergebnisse der Konjunkturumfrage und vernetzen uns."
    ),
}

# (start "HH:MM", minutes, kind, title, speakers)
AGENDA = [
    ("10:00", 5, "opening", "Eröffnung und Moderation", "Dr. Katrin Vogel"),
    ("10:05", 10, "welcome", "Begrüßung durch die Netzwerkpartner", "Thomas Brandt, Aylin Demir"),
    ("10:15", 15, "keynote", "Impuls: Cybersicherheit in Lieferketten", "Prof. Dr. Jens Hartmann"),
    ("10:30", 60, "cafe", "World Café: Die Industrie von morgen", "Gastgebende der drei Thementische"),
    ("11:30", 15, "talk", "Ergebnisse der Konjunkturumfrage Herbst 2022", "Sabine Lorenz"),
    ("11:45", 45, "networking", "Offenes Networking", ""),
]

CAFE = {"mode": "rotate_groups", "round_count": 3, "round_minutes": 20, "tables_per_topic": 2, "table_capacity": 8}

# (title, guiding question, host e-mail)
TOPICS = [
    (
        "Resiliente Industrie",
        "Was macht unsere Lieferketten und Standorte krisenfest – und was können wir gemeinsam dafür tun?",
        "m.keller@maschinenbau-keller.example",
    ),
    (
        "Fachkräfte",
        "Wie gewinnen, qualifizieren und halten wir Fachkräfte in unseren Regionen?",
        "s.yilmaz@ihk-suedwestsachsen.example",
    ),
    (
        "Ökologische Verantwortung",
        "Wie verbinden wir Klimaschutz und Wettbewerbsfähigkeit in der Industrie?",
        "j.becker@energieagentur-nord.example",
    ),
]

# (name, e-mail, organisation, kind, region, sector, role, interests, language)
PARTICIPANTS = [
    ("Markus Keller", "m.keller@maschinenbau-keller.example", "Maschinenbau Keller GmbH", "company", "BW", "Maschinenbau", "host", "Lieferketten, Digitalisierung", "de"),
    ("Selin Yılmaz", "s.yilmaz@ihk-suedwestsachsen.example", "IHK Südwestsachsen", "chamber", "SN", "Kammer", "host", "Ausbildung, Fachkräfte", "de"),
    ("Jana Becker", "j.becker@energieagentur-nord.example", "Energieagentur Nord", "initiative", "SH", "Energie", "host", "Wasserstoff, Klimaschutz", "de"),
    ("Dr. Katrin Vogel", "k.vogel@netzwerk-industrie.example", "Netzwerk Zukunft Industrie", "initiative", "BE", "Netzwerk", "team", "Moderation", "de"),
    ("Thomas Brandt", "t.brandt@ihk-mittelrhein.example", "IHK Mittelrhein", "chamber", "RP", "Kammer", "speaker", "Standortpolitik", "de"),
    ("Aylin Demir", "a.demir@wirtschaftsministerium-nrw.example", "Ministerium für Wirtschaft und Industrie NRW", "ministry", "NW", "Verwaltung", "speaker", "Industriepolitik", "de"),
    ("Prof. Dr. Jens Hartmann", "j.hartmann@hs-ostfalen.example", "Hochschule Ostfalen", "research", "NI", "Forschung", "speaker", "Cybersicherheit, Lieferketten", "de"),
    ("Sabine Lorenz", "s.lorenz@ihk-oberbayern.example", "IHK Oberbayern-Süd", "chamber", "BY", "Kammer", "speaker", "Konjunktur", "de"),
    ("Peter Schulz", "p.schulz@igm-kueste.example", "IG Metall Bezirk Küste", "union", "HH", "Gewerkschaft", "participant", "Mitbestimmung, Transformation", "de"),
    ("Fatma Aydın", "f.aydin@stahlwerk-saar.example", "Saar Stahlwerke AG", "company", "SL", "Stahl", "participant", "Grüner Stahl, Wasserstoff", "de"),
    ("Lukas Hoffmann", "l.hoffmann@hoffmann-kunststoff.example", "Hoffmann Kunststofftechnik", "company", "TH", "Kunststoff", "participant", "Kreislaufwirtschaft", "de"),
    ("Marie Dubois", "m.dubois@eurocluster.example", "EuroCluster Automotive", "initiative", "XX", "Automobil", "participant", "Elektromobilität", "en"),
    ("Andreas Wolf", "a.wolf@wolf-logistik.example", "Wolf Logistik KG", "company", "HB", "Logistik", "participant", "Häfen, Lieferketten", "de"),
    ("Claudia Neumann", "c.neumann@hwk-dresden.example", "Handwerkskammer Elbtal", "chamber", "SN", "Handwerk", "participant", "Ausbildung", "de"),
    ("Stefan Richter", "s.richter@chemiepark-mitte.example", "Chemiepark Mitteldeutschland", "company", "ST", "Chemie", "participant", "Energiekosten, Wasserstoff", "de"),
    ("Julia Krüger", "j.krueger@wirtschaft-brandenburg.example", "Wirtschaftsförderung Brandenburg", "ministry", "BB", "Wirtschaftsförderung", "participant", "Ansiedlung", "de"),
    ("Mehmet Öztürk", "m.oeztuerk@verdi-hessen.example", "ver.di Landesbezirk Hessen", "union", "HE", "Gewerkschaft", "participant", "Weiterbildung", "de"),
    ("Anna Schmidt", "a.schmidt@optik-jena.example", "Optronik Jena GmbH", "company", "TH", "Optik", "participant", "Fachkräfte, Forschung", "de"),
    ("Henrik Larsen", "h.larsen@windpark-nord.example", "Nordwind Energie A/S", "company", "XX", "Windenergie", "participant", "Offshore, Netze", "en"),
    ("Katharina Weber", "k.weber@vdi-bw.example", "Ingenieurverband Baden-Württemberg", "association", "BW", "Verband", "participant", "Normung, Digitalisierung", "de"),
    ("Michael Braun", "m.braun@braun-werkzeug.example", "Braun Werkzeugbau", "company", "NW", "Werkzeugbau", "participant", "Nachfolge, Automatisierung", "de"),
    ("Laura Zimmermann", "l.zimmermann@fraunhofer-like.example", "Institut für Produktionstechnik Aachen", "research", "NW", "Forschung", "participant", "KI in der Produktion", "de"),
    ("Tobias Schwarz", "t.schwarz@ihk-mv.example", "IHK Mecklenburg-Vorpommern Ost", "chamber", "MV", "Kammer", "participant", "Fachkräfte, Tourismus", "de"),
    ("Elena Popescu", "e.popescu@auto-zulieferer.example", "Karosserie Zulieferer Zwickau", "company", "SN", "Automobilzulieferer", "participant", "Transformation, Elektromobilität", "de"),
    ("David Fischer", "d.fischer@startup-hub-berlin.example", "Industrie-Startup-Hub Berlin", "initiative", "BE", "Start-ups", "participant", "Kooperation, Innovation", "en"),
    ("Sophie Wagner", "s.wagner@stmwi-bayern.example", "Bayerisches Staatsministerium für Wirtschaft", "ministry", "BY", "Verwaltung", "participant", "Förderprogramme", "de"),
    ("Jan Meyer", "j.meyer@meyer-werft-like.example", "Küstenwerft Meyer & Söhne", "company", "NI", "Schiffbau", "participant", "Fachkräfte, Energie", "de"),
    ("Nadine Schröder", "n.schroeder@igbce-nordost.example", "IG BCE Nordost", "union", "BB", "Gewerkschaft", "participant", "Strukturwandel Lausitz", "de"),
    ("Oliver Koch", "o.koch@koch-elektronik.example", "Koch Elektronik GmbH", "company", "HE", "Elektronik", "participant", "Halbleiter, Lieferketten", "de"),
    ("Leonie Bauer", "l.bauer@cluster-bioeconomy.example", "Cluster Bioökonomie Sachsen-Anhalt", "initiative", "ST", "Bioökonomie", "participant", "Kreislaufwirtschaft", "de"),
    ("Christian Klein", "c.klein@papierfabrik-klein.example", "Papierfabrik Klein", "company", "RP", "Papier", "participant", "Energieeffizienz", "de"),
    ("Hanna Wolff", "h.wolff@wirtschaft-hamburg.example", "Behörde für Wirtschaft und Innovation Hamburg", "ministry", "HH", "Verwaltung", "participant", "Wasserstoff, Häfen", "de"),
    ("Daniel Schäfer", "d.schaefer@saar-innovation.example", "Saarland Innovation GmbH", "initiative", "SL", "Wirtschaftsförderung", "participant", "Transformation", "de"),
    ("Miriam Hahn", "m.hahn@textil-vogtland.example", "Vogtland Textil GmbH", "company", "SN", "Textil", "participant", "Nachhaltigkeit, Fachkräfte", "de"),
    ("Robert Schulze", "r.schulze@bdi-landesvertretung.example", "Landesverband der Industrie Thüringen", "association", "TH", "Verband", "participant", "Industriepolitik", "de"),
    ("Yuki Tanaka", "y.tanaka@tanaka-robotics.example", "Tanaka Robotics Europe", "company", "BY", "Robotik", "participant", "Automatisierung", "en"),
    ("Franziska Lange", "f.lange@agentur-arbeit.example", "Regionaldirektion für Arbeit Nord", "ministry", "SH", "Arbeitsmarkt", "participant", "Fachkräfte, Qualifizierung", "de"),
    ("Sebastian Krause", "s.krause@krause-gusswerk.example", "Gusswerk Krause", "company", "MV", "Gießerei", "participant", "Energiekosten", "de"),
    ("Ingrid Berger", "i.berger@ihk-bremen.example", "Handelskammer Weserland", "chamber", "HB", "Kammer", "participant", "Außenwirtschaft", "de"),
    ("Paul Neumann", "p.neumann@initiative-ruhr.example", "Initiative Industrie Ruhr", "initiative", "NW", "Netzwerk", "participant", "Strukturwandel", "de"),
]

DEMO_USERNAME = "orga"
