"""Small findings of issue 18 in `koszyk validate`: the one-card summary, an empty member
field, and partner names that look like another partner's."""

from __future__ import annotations

from click.testing import CliRunner

from koszyk.cli import main

from .conftest import SAMPLE, TODAY


def validate(*args: str):
    return CliRunner().invoke(main, ["validate", *args, "--today", TODAY])


def test_validating_one_card_counts_that_card_and_its_services():
    result = validate(str(SAMPLE / "partnerzy" / "gkrpa.yml"))
    assert result.exit_code == 0, result.output
    assert "Sprawdzono: koszyki 0, karty 1, usługi 5." in result.output


def test_an_empty_member_field_is_a_warning_not_a_silent_yes(basket_copy):
    card = basket_copy / "partnerzy" / "gkrpa.yml"
    text = card.read_text(encoding="utf-8")
    card.write_text(text.replace("  typ: gkrpa\n", "  typ: gkrpa\n  czlonek_pzk:\n", 1), encoding="utf-8")
    assert "czlonek_pzk:\n" in card.read_text(encoding="utf-8")
    result = validate(str(card))
    assert "ostrzeżenie: partner.czlonek_pzk: pole „czlonek_pzk” jest puste; przyjęto wartość domyślną „true”" \
        in result.output


def test_a_partner_name_very_close_to_another_partners_is_a_warning(basket_copy):
    original = (basket_copy / "partnerzy" / "gkrpa.yml").read_text(encoding="utf-8")
    twin = original.replace("Gminna Komisja Rozwiązywania Problemów Alkoholowych w Przykładowie",
                            "Gminna Komisja Rozwiazywania Problemow Alkoholowych w Przykladowie")
    twin = "\n".join(line.replace("- id: ", "- id: kopia-") for line in twin.splitlines()) + "\n"
    (basket_copy / "partnerzy" / "gkrpa-kopia.yml").write_text(twin, encoding="utf-8")
    result = validate(str(basket_copy))
    assert "gkrpa.yml:3:10: ostrzeżenie: partner.nazwa: nazwa bardzo podobna do „Gminna Komisja Rozwiazywania" \
        in result.output


def test_numbered_schools_are_not_twins(basket_copy):
    result = validate(str(basket_copy))
    assert "nazwa bardzo podobna" not in result.output


def _names_with_typo_twins(count: int, seed: int) -> list[str]:
    import random
    rng = random.Random(seed)
    words = ("Stowarzyszenie Fundacja Szkoła Podstawowa Parafia Klub Seniora Ośrodek Pomocy Społecznej Dom Kultury "
             "Gminna Biblioteka Publiczna Przykładowie Nowej Wsi Koło Gospodyń Wiejskich Poradnia Rodzinna "
             "Zespół Świetlica Środowiskowa Caritas Warsztaty Terapii").split()
    names = []
    for _ in range(count):
        if names and rng.random() < 0.3:
            twin = list(rng.choice(names))
            for _ in range(rng.randint(1, 3)):
                position = rng.randrange(len(twin))
                twin[position:position + rng.randint(0, 1)] = rng.choice(["", "a", "ó", " ", "x"])
            names.append("".join(twin))
        else:
            names.append(" ".join(rng.choice(words) for _ in range(rng.randint(1, 6))))
    return names


def test_near_twins_are_found_in_large_baskets_as_by_comparing_every_pair():
    from koszyk.name_twins import first_twins, first_twins_by_full_comparison
    for seed in range(3):
        names = _names_with_typo_twins(400, seed)
        expected = first_twins_by_full_comparison(names)
        assert len(expected) > 80  # the typo twins are there, not only exact repeats
        assert first_twins(names) == expected


def test_a_typo_twin_is_found_among_thousands_of_partners():
    from koszyk.name_twins import first_twins
    names = [f"Partner {n} Fundacja Pomocy" for n in range(3000)]
    names.append("Partner 17 Fundacja Pomcy")
    assert first_twins(names) == {3000: 17}


def test_two_services_of_one_card_with_the_same_name_are_a_warning(basket_copy):
    card = basket_copy / "partnerzy" / "gkrpa.yml"
    text = card.read_text(encoding="utf-8")
    first_id = next(line.split("id: ", 1)[1] for line in text.splitlines() if line.strip().startswith("- id: "))
    start = text.index("  - id: ")
    end = text.find("\n  - id: ", start + 1)
    copy = text[start:end if end > 0 else len(text)].rstrip("\n").replace(f"- id: {first_id}", "- id: kopia-uslugi", 1)
    card.write_text(text.rstrip("\n") + "\n" + copy + "\n", encoding="utf-8")
    result = validate(str(card))
    assert result.exit_code == 0, result.output
    assert f"ostrzeżenie: uslugi[6].nazwa: ta sama nazwa co usługa „{first_id}”" in result.output


def test_a_valid_pesel_in_a_card_is_refused_but_phones_and_registry_numbers_pass(basket_copy):
    card = basket_copy / "partnerzy" / "gkrpa.yml"
    text = card.read_text(encoding="utf-8")
    card.write_text(text.replace("  typ: gkrpa\n", "  typ: gkrpa\n  opis: \"Tel. +48 123 456 789, "
                                 "NIP 1234563218, opiekun 85010112345\"\n", 1), encoding="utf-8")
    result = validate(str(card))
    assert result.exit_code == 1
    assert "partner.opis: „85010112345” to numer PESEL" in result.output
    card.write_text(text.replace("  typ: gkrpa\n", "  typ: gkrpa\n  opis: \"Tel. +48 123 456 789, "
                                 "NIP 1234563218, numer 85010112346\"\n", 1), encoding="utf-8")
    assert validate(str(card)).exit_code == 0
