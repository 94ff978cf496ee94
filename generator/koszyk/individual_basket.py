"""What the individual basket (``koszyk/``, intranet) knows about each service.

A worker's basket lives in the browser only. The page reads every service's
current entry from one static file (``koszyk/uslugi.json``), fetched whole, so no
request ever says which services were chosen. Each entry carries a fingerprint of
what the worker relies on (access terms, cost, contacts): a basket remembers the
fingerprint a service had when it was added and says so when it has changed.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from .escaping import json_for_html
from .model import Basket, Partner, Service, age_text
from .partner_outputs import PartnerOutputs
from .taxonomy import Taxonomy

KIND = "koszyk-indywidualny"  # the folder of kept entries (``partner_outputs``)


def access_terms(service: Service, taxonomy: Taxonomy) -> str:
    """"Selektywny; Wiek: 6–14 lat; Dochód: do 150% kryterium" in one line."""
    parts = [taxonomy.access_modes.label(service.access.mode)]
    parts += [f"{taxonomy.criteria.label(c.kind)}: {c.condition}" if c.condition else taxonomy.criteria.label(c.kind)
              for c in service.access.criteria]
    age = age_text(service.access.age)
    if age:
        parts.append(f"wiek {age}")
    return "; ".join(parts)


def _contact_line(partner: Partner) -> str:
    contact = partner.contact
    phone = f"tel. {contact.phone}" if contact.phone else ""  # labelled: a cell starting "+48" reads as a formula
    return "; ".join(part for part in (phone, contact.email, partner.address.one_line()) if part)


def _internal_line(service: Service, partner: Partner) -> str:
    person = service.internal_contact or partner.internal_contact
    if person is None:
        return ""
    return ", ".join(part for part in (person.person, person.phone, person.email) if part)


def basket_entry(service: Service, partner: Partner, taxonomy: Taxonomy) -> dict[str, str]:
    """The entry of one service, fingerprint included."""
    cost = taxonomy.costs.label(service.cost) if service.cost else "nie podano"
    entry = {
        "id": service.id, "nazwa": service.name, "url": f"uslugi/{service.id}/",
        "realizator": partner.name, "partner": partner.slug,
        "warunki": access_terms(service, taxonomy),
        "koszt": f"{cost} ({service.cost_description})" if service.cost_description else cost,
        "kontakt": _contact_line(partner), "kontakt_wewnetrzny": _internal_line(service, partner),
        "zgloszenie": service.signup, "status": service.status,
        "wymieniona": service.is_listed,  # the taxonomy's flag: the page never restates which statuses are shown
    }
    entry["fp"] = fingerprint(entry)
    return entry


def fingerprint(entry: dict[str, str]) -> str:
    relied_on = {key: value for key, value in entry.items() if key not in ("fp", "url", "partner", "wymieniona")}
    return hashlib.sha1(json.dumps(relied_on, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:12]


def write_basket_data(basket: Basket, taxonomy: Taxonomy, path: Path, kept: PartnerOutputs | None = None
                      ) -> dict[str, str]:
    """Write ``koszyk/uslugi.json`` to ``path``: every service's entry by id, withdrawn ones
    included (the page must be able to say so), as JSON safe inside HTML (``json_for_html``);
    returns each service's fingerprint by id.

    ``kept`` (``kept_entries``): a partner's entries from an earlier build with the same
    partner, services and taxonomy, as the text they are written as. Making all 30,000 took
    about 1 s of each intranet build; kept as dicts, loading and writing them again still
    took 1.45–1.8 s of a one-card rebuild, kept as text 0.65–0.9 s (wall clock, 30,000 services).
    Written one partner at a time: at 30,000 services the entries as dicts and the file as one
    string were 89 MiB of the intranet build's peak memory (tracemalloc), kept until MkDocs wrote
    the file; the bytes are the same."""
    kept = kept or PartnerOutputs(None, KIND, "")
    fingerprints: dict[str, str] = {}
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("{")
        for partner in basket.partners:
            text, partner_fingerprints = kept.get(partner, functools.partial(_partner_entries, partner, taxonomy))
            if text:
                stream.write(f"{',' if fingerprints else ''}{text}")
            fingerprints.update(partner_fingerprints)  # ids are unique: a repeated one stops the build (validation)
        stream.write("}")
    return fingerprints


def kept_entries(cache_dir: Path | None, taxonomy: Taxonomy) -> PartnerOutputs:
    """Where a build keeps the entries: made from a partner with its services and the taxonomy."""
    return PartnerOutputs.in_cache(cache_dir, KIND, repr(taxonomy))


def _partner_entries(partner: Partner, taxonomy: Taxonomy) -> tuple[str, dict[str, str]]:
    """A partner's entries as they stand in the file (``"id":{…}`` joined by commas), and their
    fingerprints by service id."""
    entries = {service.id: basket_entry(service, partner, taxonomy) for service in partner.services}
    text = ",".join(f"{json_for_html(service_id)}:{json_for_html(entry)}" for service_id, entry in entries.items())
    return text, {service_id: entry["fp"] for service_id, entry in entries.items()}
