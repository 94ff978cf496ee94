"""Search and open data records kept between builds: reused only while what they are made from is the same."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from koszyk.individual_basket import kept_entries, write_basket_data
from koszyk.open_data import write_open_data
from koszyk.search.records import _runs, kept_records, search_records
from koszyk.search.text import fold
from koszyk.taxonomy import load_taxonomy
from koszyk.validation import read_basket
from koszyk.variants import basket_for

from .conftest import ROOT, SAMPLE

TAXONOMY = load_taxonomy(ROOT / "site_config" / "taxonomy.yml")


def _basket():
    return read_basket(SAMPLE, TAXONOMY, dt.date(2026, 11, 23), ROOT).baskets[0]


def _records(basket, cache_dir, fingerprints=None):
    kept = kept_records(cache_dir, TAXONOMY)
    return list(search_records(basket, TAXONOMY, fingerprints, kept)), kept


def test_records_of_an_earlier_build_are_the_records_made_now(tmp_path):
    basket = basket_for(_basket(), "public")
    made = list(search_records(basket, TAXONOMY))
    first, kept = _records(basket, tmp_path)
    runs = kept.misses  # records are kept in runs of about 16 (``records._runs``)
    assert kept.hits == 0 and 0 < runs < len(made)
    again, kept = _records(basket_for(_basket(), "public"), tmp_path)  # new objects, same content
    assert (kept.hits, kept.misses) == (runs, 0)
    assert again == first == made


def test_a_changed_partner_makes_its_services_records_again(tmp_path):
    full = _basket()
    _records(basket_for(full, "public"), tmp_path)
    partner = next(p for p in full.partners if len([s for s in p.services if s.is_listed]) >= 2)
    full.partners[full.partners.index(partner)] = dataclasses.replace(partner, name="Nowa nazwa partnera")
    basket = basket_for(full, "public")
    records, kept = _records(basket, tmp_path)
    changed = {s.id for p in basket.partners if p.slug == partner.slug for s in p.services if s.is_listed}
    assert 1 <= kept.misses <= len(changed) and kept.hits > 0  # the runs holding its services, no other
    assert {r.meta["id"] for r in records if r.meta["partner"] == "Nowa nazwa partnera"} == changed
    assert records == list(search_records(basket, TAXONOMY))


def test_a_new_fingerprint_makes_that_record_again(tmp_path):
    basket = basket_for(_basket(), "intranet")
    _records(basket, tmp_path, {})
    service_id = next(s.id for p in basket.partners for s in p.services if s.is_listed)
    records, kept = _records(basket, tmp_path, {service_id: "abc123"})
    assert kept.misses == 1
    assert next(r for r in records if r.meta["id"] == service_id).meta["fp"] == "abc123"


def test_open_data_from_kept_records_is_byte_identical(tmp_path):
    full = _basket()
    written = write_open_data(full, TAXONOMY, tmp_path / "bez", site_url="https://koszyk.example/")
    write_open_data(full, TAXONOMY, tmp_path / "pierwszy", site_url="https://koszyk.example/", cache_dir=tmp_path / "c")
    assert list((tmp_path / "c").rglob("*.pickle"))
    write_open_data(_basket(), TAXONOMY, tmp_path / "drugi", site_url="https://koszyk.example/", cache_dir=tmp_path / "c")
    other_site = write_open_data(_basket(), TAXONOMY, tmp_path / "inny", site_url="https://inny.example/",
                                 cache_dir=tmp_path / "c")
    for path in written:
        name = path.relative_to(tmp_path / "bez")
        assert (tmp_path / "pierwszy" / name).read_bytes() == path.read_bytes(), name
        assert (tmp_path / "drugi" / name).read_bytes() == path.read_bytes(), name
    services = (tmp_path / "inny" / "hsds" / "services.json").read_text(encoding="utf-8")
    assert "https://inny.example/uslugi/" in services and "koszyk.example" not in services
    assert len(other_site) == len(written)


def _entries(basket, kept, path):
    fingerprints = write_basket_data(basket, TAXONOMY, path, kept)
    entries = json.loads(path.read_text(encoding="utf-8"))
    assert fingerprints == {service_id: entry["fp"] for service_id, entry in entries.items()}
    return entries


def test_individual_basket_entries_of_an_earlier_build_are_made_again_only_for_a_changed_partner(tmp_path):
    made = _entries(_basket(), None, tmp_path / "made.json")
    kept = kept_entries(tmp_path, TAXONOMY)
    assert _entries(_basket(), kept, tmp_path / "kept.json") == made and kept.hits == 0
    full = _basket()
    partner = next(p for p in full.partners if p.services)
    changed = dataclasses.replace(partner.services[0], cost_description="Nowy opis kosztu")
    full.partners[full.partners.index(partner)] = dataclasses.replace(
        partner, services=[changed, *partner.services[1:]])
    kept = kept_entries(tmp_path, TAXONOMY)
    entries = _entries(full, kept, tmp_path / "changed.json")
    assert (kept.hits, kept.misses) == (len(full.partners) - 1, 1)
    write_basket_data(full, TAXONOMY, tmp_path / "new.json")
    assert (tmp_path / "changed.json").read_bytes() == (tmp_path / "new.json").read_bytes()
    assert entries[changed.id]["fp"] != made[changed.id]["fp"]


def _partner_in_most_runs(basket):
    """The partner whose listed services fall in the most runs of kept records (``records._runs``)."""
    listed = sorted(((s, p) for p in basket.partners for s in p.services if s.is_listed),
                    key=lambda pair: (fold(pair[0].name), pair[0].id))
    run_of = {service.id: number for number, run in enumerate(_runs(listed)) for service, _partner in run}
    return max(basket.partners, key=lambda p: len({run_of[s.id] for s in p.services if s.is_listed}))


def test_an_edited_service_makes_only_its_own_run_of_records_again(tmp_path):
    full = _basket()
    _records(basket_for(full, "public"), tmp_path)
    partner = _partner_in_most_runs(basket_for(full, "public"))
    index = next(i for i, p in enumerate(full.partners) if p.slug == partner.slug)
    edited = next(s for s in full.partners[index].services if s.id == next(s.id for s in partner.services if s.is_listed))
    services = [dataclasses.replace(s, description="Nowy opis jednej usługi.") if s is edited else s
                for s in full.partners[index].services]
    full.partners[index] = dataclasses.replace(full.partners[index], services=services)
    basket = basket_for(full, "public")
    records, kept = _records(basket, tmp_path)
    assert kept.misses == 1  # the run holding the edited service; its siblings' runs are loaded
    assert records == list(search_records(basket, TAXONOMY))
    assert next(r for r in records if r.meta["id"] == edited.id).meta["opis"] == "Nowy opis jednej usługi."


def test_a_partner_field_no_record_shows_keeps_the_records_and_its_town_does_not(tmp_path):
    full = _basket()
    _records(basket_for(full, "public"), tmp_path)
    partner = _partner_in_most_runs(basket_for(full, "public"))
    index = next(i for i, p in enumerate(full.partners) if p.slug == partner.slug)
    original = full.partners[index]
    full.partners[index] = dataclasses.replace(original, description="Inny opis partnera", hours="pn 8-9")
    records, kept = _records(basket_for(full, "public"), tmp_path)
    assert kept.misses == 0
    full.partners[index] = dataclasses.replace(original, address=dataclasses.replace(original.address, town="Nowe Miasto"))
    basket = basket_for(full, "public")
    records, kept = _records(basket, tmp_path)
    assert kept.misses >= 2  # every run holding one of its services: the town is a facet and is indexed
    assert records == list(search_records(basket, TAXONOMY))
    assert {r.meta["id"] for r in records if r.filters.get("gmina") == ["Nowe Miasto"]} == {
        s.id for s in partner.services if s.is_listed}
