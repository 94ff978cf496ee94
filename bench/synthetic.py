"""A deterministic synthetic basket: N services in N/10 cards, realistic field sizes.

    python bench/synthetic.py 30000 bench/out/b30k
    python bench/synthetic.py --wojewodztwo 150 bench/out/woj   # 150 gminas × 200 services


Same N and seed give the same files byte for byte, so runs can be compared.
Every value is valid; about 5% of services are intranet-only, 3% withdrawn, and a
fifth of the partners carry an internal contact, like the sample basket.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

import yaml

from koszyk.taxonomy import load_taxonomy

WORDS = (
    "pomoc wsparcie rodzina dziecko senior opieka terapia zajęcia poradnictwo konsultacje "
    "świetlica szkoła zdrowie rehabilitacja praca szkolenie mieszkanie kryzys przemoc "
    "uzależnienie grupa spotkanie dyżur telefon dom integracja aktywność kultura sport "
    "biblioteka wolontariat asystent opiekun niepełnosprawność żywność posiłek transport "
    "łącznik źródło gęś żółw"
).split()


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def make_service(rng: random.Random, taxonomy, number: int) -> dict:
    mode = rng.choice(taxonomy.access_modes.keys)
    service = {
        "id": f"usluga-{number:06d}",
        "nazwa": sentence(rng, rng.randint(3, 8)).rstrip("."),
        "opis": " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(1, 4))),
        "obszary": rng.sample(taxonomy.areas.keys, rng.randint(1, 3)),
        "grupy_docelowe": rng.sample(taxonomy.groups.keys, rng.randint(1, 3)),
        "status": rng.choices(taxonomy.statuses.keys, weights=(85, 7, 5, 3))[0],
        "zasieg": rng.choices(taxonomy.reaches.keys, weights=(80, 12, 8))[0],
        "odplatnosc": rng.choice(taxonomy.costs.keys),
        "forma_realizacji": rng.choice(taxonomy.delivery_forms.keys),
        "dostep": {"tryb": mode},
        "zapisy": sentence(rng, 10),
        "godziny": "pon.–pt. 8:00–16:00",
        "widocznosc": "wewnetrzna" if rng.random() < 0.05 else "publiczna",
    }
    if mode != "powszechny":
        service["dostep"]["kryteria"] = [
            {"rodzaj": kind, "warunek": sentence(rng, 6)}
            for kind in rng.sample(taxonomy.criteria.keys, rng.randint(1, 3))
        ]
        low = rng.randint(0, 60)
        service["dostep"]["wiek"] = {"od": low, "do": low + rng.randint(5, 60)}
    if rng.random() < 0.2:
        service["uwagi_wewnetrzne"] = f"Uwaga wewnętrzna {number}: " + sentence(rng, 8)
    if service["widocznosc"] == "wewnetrzna":
        # word salad repeats short phrases; a numbered name keeps the leak check meaningful
        service["nazwa"] = f"Usługa wewnętrzna {number}: " + service["nazwa"]
    return service


def make_card(rng: random.Random, taxonomy, number: int, services: list[dict], today: dt.date) -> dict:
    partner = {
        "nazwa": f"Partner {number} " + sentence(rng, 3).rstrip("."),
        "typ": rng.choice(taxonomy.partner_types.keys),
        "adres": {"ulica": f"ul. Przykładowa {number}", "kod": "00-950", "miejscowosc": "Przykładowo"},
        "kontakt": {"telefon": f"+48 00 {number % 1000:03d} {number % 100:02d} {number % 97:02d}",
                    "email": f"partner{number}@example.org", "www": f"https://partner{number}.example.org"},
        "ostatnia_weryfikacja": today - dt.timedelta(days=rng.randint(10, 500)),
    }
    if rng.random() < 0.2:
        partner["kontakt_wewnetrzny"] = {"osoba": f"Osoba Wewnętrzna{number}", "telefon": "+48 00 999 99 99"}
    return {"partner": partner, "uslugi": services}


def generate(count: int, target: Path, seed: int = 2026, per_card: int = 10) -> Path:
    taxonomy = load_taxonomy()
    rng = random.Random(seed)
    today = dt.date(2026, 11, 1)
    if target.exists():
        shutil.rmtree(target)
    cards = target / "partnerzy"
    cards.mkdir(parents=True)
    (target / "basket.yml").write_text(
        yaml.safe_dump({"id": "syntetyczny", "nazwa": f"Koszyk syntetyczny ({count} usług)"}, allow_unicode=True),
        encoding="utf-8",
    )
    for card_number, start in enumerate(range(0, count, per_card), start=1):
        services = [make_service(rng, taxonomy, n) for n in range(start, min(start + per_card, count))]
        card = make_card(rng, taxonomy, card_number, services, today)
        text = yaml.dump(card, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100)
        (cards / f"partner-{card_number:05d}.yml").write_text(text, encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of services")
    parser.add_argument("target", type=Path, help="basket folder to (re)create")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--wojewodztwo", action="store_true", help="count = gminas of 200 services, in a collection")
    args = parser.parse_args()
    if args.wojewodztwo:
        print(generate_voivodeship(args.target, args.count, seed=args.seed))
        return
    generate(args.count, args.target, args.seed)
    print(f"{args.target}: {args.count} usług")



def _regon(number: int) -> str:
    """A valid 9-digit REGON (checksum as ``kinds.regon_is_valid`` checks it) for ``number``."""
    body = f"{99000000 + number:08d}"  # eight digits, then the check digit: one REGON per number
    check = sum(int(d) * w for d, w in zip(body, (8, 9, 2, 3, 4, 5, 6, 7))) % 11 % 10
    return body + str(check)


def shared_partner(rng: random.Random, taxonomy, number: int, today: dt.date) -> dict:
    """A powiat-level institution (labour office, family centre, court…): the same card head in every gmina it serves."""
    partner = make_card(random.Random(number), taxonomy, 90000 + number, [], today)["partner"]
    partner["nazwa"] = f"Instytucja powiatowa {number}"
    partner["regon"] = _regon(number)
    partner.pop("kontakt_wewnetrzny", None)
    return partner


def generate_voivodeship(target: Path, gminas: int = 150, per_gmina: int = 200, shared: int = 20,
                         seed: int = 2026, per_card: int = 10) -> Path:
    """``gminas`` gmina baskets of ``per_gmina`` services and a voivodeship ``zestawienie.yml`` of them all.

    Each gmina keeps ``per_gmina / per_card`` cards; two of them are powiat-level
    institutions out of ``shared`` (same REGON, name, address and contact in every
    gmina that lists them, so the collection shows one page for each), holding that
    gmina's own services there. Returns the collection folder."""
    taxonomy = load_taxonomy()
    rng = random.Random(seed)
    today = dt.date(2026, 11, 1)
    if target.exists():
        shutil.rmtree(target)
    institutions = [shared_partner(rng, taxonomy, number, today) for number in range(shared)]
    number = 0
    for gmina in range(gminas):
        folder = target / f"gmina-{gmina:03d}"
        (folder / "partnerzy").mkdir(parents=True)
        teryt = f"30{gmina // 10 + 1:02d}{gmina % 10 + 1:02d}2"
        (folder / "basket.yml").write_text(yaml.safe_dump(
            {"id": f"gmina-{gmina:03d}", "nazwa": f"Koszyk gminy {gmina}", "teryt": teryt, "poziom": "gmina"},
            allow_unicode=True), encoding="utf-8")
        powiat_partners = {gmina % shared, (gmina // 10 + 7) % shared}
        for card_number in range(per_gmina // per_card):
            services = [make_service(rng, taxonomy, n) for n in range(number, number + per_card)]
            number += per_card
            card = make_card(rng, taxonomy, gmina * 100 + card_number, services, today)
            if card_number < len(powiat_partners):
                card["partner"] = dict(institutions[sorted(powiat_partners)[card_number]])
            text = yaml.dump(card, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100)
            (folder / "partnerzy" / f"partner-{card_number:03d}.yml").write_text(text, encoding="utf-8")
    collection = target / "wojewodztwo"
    collection.mkdir()
    spec = {"id": "wojewodztwo-syntetyczne", "nazwa": f"Lista wojewódzka ({gminas} gmin)", "poziom": "wojewodztwo",
            "teryt": "30", "zrodla": [{"katalog": f"../gmina-{gmina:03d}"} for gmina in range(gminas)]}
    (collection / "zestawienie.yml").write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False),
                                                encoding="utf-8")
    return collection


if __name__ == "__main__":
    main()
