"""Open Referral HSDS 3.0 (compiled, i.e. dereferenced) services and organizations.

Mapping (our field → HSDS):

- partner → ``organization`` (name, description, email, website, phones);
  its address → ``location`` (physical) with an ``address`` (country PL,
  voivodeship from the basket's TERYT code), published once per partner in
  ``locations.json`` and reached from each service through ``service_at_locations``
  (``location_id``);
- service → ``service``: ``status`` (oferowana/nowa → active, zawieszona →
  temporarily closed), ``eligibility_description`` (access mode and criteria),
  ``minimum_age``/``maximum_age``, ``application_process`` (zapisy),
  ``fees_description``, ``assured_date`` (the card's last verification),
  ``schedules`` (hours as a description), ``cost_options``, ``service_areas``
  (the basket's territory and the service's reach);
- every vocabulary key the service has (areas, groups, access mode, criteria,
  cost, reach) → an ``attribute`` that links the service to a ``taxonomy_term`` by
  ``taxonomy_term_id``. The terms (our key, label and description) and the
  vocabularies (``taxonomy``) are published once, in their own files, as HSDS
  keeps them in their own tables: repeated in every service they were about a
  third of a 30,000-service export. The organization is linked by
  ``organization_id`` (``organizations.json``), not repeated in each service.

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

    @staticmethod
    def has_location(partner: Partner) -> bool:
        return bool(partner.address.street or partner.address.town)

    def location(self, partner: Partner) -> dict | None:
        address = partner.address
        if not self.has_location(partner):
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
        for facet in _exported_facets():
            link_type, name = LINK_TYPES[facet.param], facet.vocabulary
            for key in facet.values(service, partner):
                found.append({
                    "id": self.uid("usluga", service.id, name, key), "link_id": self.uid("usluga", service.id),
                    "link_type": link_type, "link_entity": "service",
                    "taxonomy_term_id": self.uid("slownik", name, key),
                })
        return found

    def taxonomies(self) -> list[dict]:
        """The vocabularies the attributes use, as HSDS ``taxonomy`` records."""
        return [{"id": self.uid("slownik", facet.vocabulary), "name": facet.vocabulary,
                 "description": f"Słownik „{facet.vocabulary}” modelu lokalnego koszyka usług."}
                for facet in _exported_facets()]

    def taxonomy_terms(self) -> list[dict]:
        """Every term of those vocabularies, once: what ``taxonomy_term_id`` of an attribute points to."""
        return [{"id": self.uid("slownik", facet.vocabulary, term.key), "code": term.key, "name": term.label,
                 "description": term.description, "taxonomy": facet.vocabulary,
                 "taxonomy_id": self.uid("slownik", facet.vocabulary), "language": "pl"}
                for facet in _exported_facets() for term in self.taxonomy[facet.vocabulary]]

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
        if self.has_location(partner):
            record["service_at_locations"] = [{"id": self.uid("usluga", service.id, "w-miejscu"), "service_id": sid,
                                               "location_id": self.uid("partner", partner.slug, "miejsce")}]
        return record


def _exported_facets():
    return [facet for facet in FACETS if facet.param in LINK_TYPES]
