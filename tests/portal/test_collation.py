from portal.collation import french_key, french_sorted


def test_accented_capitals_sort_with_their_letter_not_after_z():
    names = [
        "Zénith Logistique",
        "Union Économique des Transporteurs",
        "Transports Diarra",
        "Entreprise Sylla",
        "École de Commerce",
        "Banque Atlantique",
    ]

    assert sorted(names, key=french_key) == [
        "Banque Atlantique",
        "École de Commerce",
        "Entreprise Sylla",
        "Transports Diarra",
        "Union Économique des Transporteurs",
        "Zénith Logistique",
    ]
    # What code-point order does, and what the helper is for.
    assert sorted(names)[-1] == "École de Commerce"


def test_case_and_accents_only_break_ties():
    assert french_sorted(["étude", "Etude", "Ecole", "etude", "école"]) == [
        "Ecole",
        "école",
        "etude",
        "Etude",
        "étude",
    ]


def test_french_sorted_takes_a_key_and_tolerates_empty_values():
    rows = [{"n": "Ségou"}, {"n": None}, {"n": "Bamako"}]

    assert [r["n"] for r in french_sorted(rows, key=lambda r: r["n"])] == [None, "Bamako", "Ségou"]
