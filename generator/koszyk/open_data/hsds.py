"""Open Referral HSDS 3.0 (compiled, i.e. dereferenced) services and organizations.

Mapping (our field → HSDS):

- partner → ``organization`` (name, description, email, website, phones);
  its address → ``location`` (physical) with an ``address`` (country PL,
  voivodeship from the basket's TERYT code) reached through ``service_at_locations``;
- service → ``service``: ``status`` (oferowana/nowa → active, zawieszona →
  temporarily closed), ``eligibility_description`` (access mode and criteria),
  ``minimum_age``/``maximum_age``, ``application_process`` (zapisy),
  ``fees_description``, ``assured_date`` (the card's last verification),
  ``schedules`` (hours as a description), ``cost_options``, ``service_areas``
  (the basket's territory and the service's reach);
- every vocabulary key the service has (areas, groups, access mode, criteria,
  cost, reach) → an ``attribute`` whose ``taxonomy_term`` carries our key, label
  and description, with the vocabulary as ``taxonomy_detail``.

HSDS wants UUIDs: each is derived (uuid5) from the basket id and our own key, so
the same service keeps the same UUID from export to export.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
import uuid

from ..model import Basket, Partner, Service
from ..search.records import FACETS
from ..taxonomy import Taxonomy

HSDS_VERSION = "3.0.1"
STATUS = {"oferowana": "active", "nowa": "active", "zawieszona": "temporarily closed", "wycofana": "defunct"}
VOIVODESHIPS = {
    "02": "dolnośląskie", "04": "kujawsko-pomorskie", "06": "lubelskie", "08": "lubuskie", "10": "łódzkie",
    "12": "małopolskie", "14": "mazowieckie", "16": "opolskie", "18": "podkarpackie", "20": "podlaskie",
    "22": "pomorskie", "24": "śląskie", "26": "świętokrzyskie", "28": "warmińsko-mazurskie",
    "30": "wielkopolskie", "32": "zachodniopomorskie",
}
# search facets (same keys of a service) exported as HSDS attributes: facet parameter → link_type
LINK_TYPES = {"obszar": "obszar", "grupa": "grupa_docelowa", "dostep": "tryb_dostepu",
              "kryterium": "kryterium", "odplatnosc": "odplatnosc", "zasieg": "zasieg"}


_URL_NAMESPACE = uuid.NAMESPACE_URL.bytes


@lru_cache(maxsize=4096)  # taxonomy terms repeat in every service
def uuid5_text(name: str) -> str:
    """``str(uuid.uuid5(uuid.NAMESPACE_URL, name))`` without building ``UUID`` objects: at 3,000
    services the standard call took 2.3 s of a 41 s build (about 30 ids a service); this is a tenth of it."""
    digest = bytearray(hashlib.sha1(_URL_NAMESPACE + name.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


class HsdsExport:
    def __init__(self, basket: Basket, taxonomy: Taxonomy, site_url: str = ""):
        self.basket = basket
        self.taxonomy = taxonomy
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""

    def uid(self, *parts: str) -> str:
        return uuid5_text(":".join(("koszyk", self.basket.id, *parts)))

    def organization(self, partner: Partner) -> dict:
        org = {"id": self.uid("partner", partner.slug), "name": partner.name,
               "description": partner.description or f"{self.taxonomy.partner_types.label(partner.type)}.",
               "phones": self._phones(partner, "partner", partner.slug)}
        if partner.contact.email:
            org["email"] = partner.contact.email
        if partner.contact.www:
            org["website"] = partner.contact.www
        return org

    def _phones(self, partner: Partner, *owner: str) -> list[dict]:
        if not partner.contact.phone:
            return []
        return [{"id": self.uid(*owner, "telefon"), "number": partner.contact.phone, "type": "voice"}]

    def location(self, partner: Partner) -> dict | None:
        address = partner.address
        if not (address.street or address.town):
            return None
        province = VOIVODESHIPS.get(self.basket.teryt[:2], "") if self.basket.teryt else ""
        location_id = self.uid("partner", partner.slug, "miejsce")
        return {
            "id": location_id, "location_type": "physical", "name": partner.name, "organization_id": self.uid("partner", partner.slug),
            "addresses": [{"id": self.uid("partner", partner.slug, "adres"), "location_id": location_id,
                           "address_1": address.street, "city": address.town, "state_province": province,
                           "postal_code": address.postal_code, "country": "PL", "address_type": "physical"}],
        }

    def attributes(self, service: Service, partner: Partner) -> list[dict]:
        found = []
        for facet in (facet for facet in FACETS if facet.param in LINK_TYPES):
            link_type, name = LINK_TYPES[facet.param], facet.vocabulary
            vocabulary = self.taxonomy[name]
            detail = {"id": self.uid("slownik", name), "name": name,
                      "description": f"Słownik „{name}” modelu lokalnego koszyka usług."}
            for key in facet.values(service, partner):
                term = vocabulary.term(key)
                found.append({
                    "id": self.uid("usluga", service.id, name, key), "link_id": self.uid("usluga", service.id),
                    "link_type": link_type, "link_entity": "service",
                    "taxonomy_term_id": self.uid("slownik", name, key),
                    "taxonomy_term": {"id": self.uid("slownik", name, key), "code": key, "name": term.label,
                                      "description": term.description, "taxonomy": name,
                                      "taxonomy_id": detail["id"], "taxonomy_detail": detail, "language": "pl"},
                })
        return found

    def eligibility(self, service: Service) -> str:
        mode = self.taxonomy.access_modes.term(service.access.mode)
        parts = [f"{mode.label}: {mode.description}"]
        parts += [f"{self.taxonomy.criteria.label(c.kind)}: {c.condition}" if c.condition
                  else self.taxonomy.criteria.label(c.kind) for c in service.access.criteria]
        if service.access.description:
            parts.append(service.access.description)
        return " ".join(part if part.endswith(".") else part + "." for part in parts)

    def service(self, service: Service, partner: Partner) -> dict:
        sid = self.uid("usluga", service.id)
        record = {
            "id": sid, "organization_id": self.uid("partner", partner.slug), "name": service.name,
            "description": service.description, "status": STATUS.get(service.status, "active"),
            "eligibility_description": self.eligibility(service),
            "organization": self.organization(partner),
            "phones": self._phones(partner, "usluga", service.id),
            "attributes": self.attributes(service, partner),
            "service_areas": [{"id": self.uid("usluga", service.id, "obszar"), "service_id": sid,
                               "name": self.basket.name,
                               "description": self.taxonomy.reaches.term(service.reach).description}],
        }
        if self.site_url:
            record["url"] = f"{self.site_url}uslugi/{service.id}/"
        if partner.contact.email:
            record["email"] = partner.contact.email
        age = service.access.age
        if age is not None and age.min is not None:
            record["minimum_age"] = age.min
        if age is not None and age.max is not None:
            record["maximum_age"] = age.max
        if service.signup:
            record["application_process"] = service.signup
        if service.cost_description:
            record["fees_description"] = service.cost_description
        if partner.verified:
            record["assured_date"] = partner.verified.isoformat()
        if service.hours:
            record["schedules"] = [{"id": self.uid("usluga", service.id, "godziny"), "service_id": sid,
                                    "description": service.hours}]
        if service.cost:
            record["cost_options"] = [{"id": self.uid("usluga", service.id, "odplatnosc"), "service_id": sid,
                                       "option": self.taxonomy.costs.label(service.cost), "currency": "PLN",
                                       **({"amount_description": service.cost_description} if service.cost_description else {})}]
        location = self.location(partner)
        if location is not None:
            record["service_at_locations"] = [{"id": self.uid("usluga", service.id, "w-miejscu"), "service_id": sid,
                                               "location_id": location["id"], "location": location}]
        return record
