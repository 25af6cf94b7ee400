"""Ideas as tables of the demo café might write them (round, text), for the harvest demo and its tests.

Written for the demo by the Weltcafé team in the style of real tablecloths: short, some near-duplicates, a few in
English (international guests), one that fits no theme.
"""

IDEAS = {
    "Resiliente Industrie": [
        (1, "Lieferketten diversifizieren: für kritische Bauteile mindestens zwei Lieferanten"),
        (1, "Zweite Lieferquelle für Elektronikbauteile aufbauen, am besten in Europa"),
        (1, "Gemeinsame Lagerhaltung für kritische Bauteile im Netzwerk"),
        (1, "Regionale Lieferanten stärken statt alles aus Asien zu beziehen"),
        (2, "Frühwarnsystem für Lieferengpässe, Daten im Cluster teilen"),
        (2, "Risikomonitoring der Lieferketten gemeinsam finanzieren"),
        (2, "Energieversorgung absichern: eigene PV-Anlagen und Speicher auf Werksdächern"),
        (2, "Notstrom und Energiespeicher für Produktionsstandorte fördern"),
        (3, "Cyberangriffe: gemeinsame Notfallübungen für IT-Sicherheit"),
        (3, "IT-Sicherheit im Mittelstand: Cyberabwehr als Netzwerkangebot"),
        (3, "Kritische Bauteile gemeinsam auf Lager halten"),
        (3, "Shared warehouse for critical components across the network"),
        (3, "Mehr Zusammenarbeit mit Hochschulen bei Materialforschung"),
    ],
    "Fachkräfte": [
        (1, "Ausbildung attraktiver machen: Azubi-Botschafter in Schulen"),
        (1, "Berufsorientierung früher starten, Praktika schon ab Klasse 7"),
        (1, "Duale Ausbildung in Schulen besser erklären"),
        (1, "Fachkräftemangel: Quereinsteiger gezielt qualifizieren"),
        (2, "Weiterbildung im Betrieb: Teilqualifizierungen für Quereinsteiger"),
        (2, "Internationale Fachkräfte: Willkommenslotsen und Hilfe bei Behörden"),
        (2, "Anerkennung ausländischer Abschlüsse beschleunigen"),
        (2, "Support international skilled workers with housing and paperwork"),
        (3, "Flexible Arbeitszeitmodelle und Teilzeit in der Produktion"),
        (3, "Kinderbetreuung in Schichtarbeit: Betriebskita im Gewerbegebiet"),
        (3, "Fachkräfte fehlen überall – Quereinsteiger besser einarbeiten"),
        (3, "Azubis aus Schulen gewinnen: Schülerpraktika im Verbund anbieten"),
        (3, "ÖPNV-Anbindung der Gewerbegebiete verbessern"),
    ],
    "Ökologische Verantwortung": [
        (1, "Abwärme aus der Produktion für Nachbarbetriebe nutzen"),
        (1, "Abwärmenetz im Industriegebiet gemeinsam planen"),
        (1, "CO2-Bilanz der Zulieferer gemeinsam erfassen"),
        (1, "Einheitliches CO2-Reporting für KMU im Netzwerk"),
        (2, "Kreislaufwirtschaft: Produktionsreste als Rohstoff weitergeben"),
        (2, "Materialbörse für Verschnitt und Reststoffe zwischen Betrieben"),
        (2, "Wasserstoff für Prozesswärme: gemeinsames Pilotprojekt"),
        (2, "Wasserstoff-Pilotprojekt mit Stadtwerken und Hochschule"),
        (3, "Förderprogramme für Energieeffizienz verständlich machen"),
        (3, "Beratung zu Förderprogrammen für Effizienzmaßnahmen bündeln"),
        (3, "Share waste heat between neighbouring plants"),
        (3, "Reststoffe als Rohstoff: Kreislaufwirtschaft im Verbund"),
        (3, "Dienstfahrräder für alle Mitarbeitenden"),
    ],
}
