"""The JSON Schema of the monitoring register (``site_config/schema/monitoring.schema.json``).

Built from the register's own definitions in ``monitoring`` (sections, fields,
vocabularies, required fields, the PESEL shape), so an editor's hints and the
validator cannot drift apart. The editor catches typos and personal-data keys
as one types; dates in the future and names of people are left to ``koszyk validate``.
"""

from __future__ import annotations

from . import monitoring as register
from .personal_data import PESEL_PATTERN

_NO_PESEL = {"not": {"pattern": PESEL_PATTERN}}
_TEXT = {"type": "string", "minLength": 1, "maxLength": register.MAX_TEXT, **_NO_PESEL}
_DATE = {"type": "string", "format": "date", "description": "RRRR-MM-DD"}


def _choice(values: dict[str, str], description: str) -> dict:
    return {"enum": list(values), "description": description + ": " + "; ".join(f"{k} ({v})" for k, v in values.items())}


_FIELDS = {
    "wnioski": {
        "data": dict(_DATE, description="Dzień, w którym wniosek wpłynął (RRRR-MM-DD)."),
        "zrodlo": _choice(register.SOURCES, "Kto zgłosił"),
        "rodzaj": _choice(register.SUBJECTS, "Czego dotyczy wniosek"),
        "czego_dotyczy": dict(_TEXT, description="Jaka usługa albo jaki partner, bez danych osób."),
        "decyzja": _choice(register.DECISIONS, "Decyzja partnerstwa"),
        "powod": dict(_TEXT, description="Dlaczego wniosek odrzucono (wymagane przy decyzji „odrzucony”)."),
        "data_decyzji": dict(_DATE, description="Dzień decyzji (RRRR-MM-DD)."),
        "zgloszenie": {"type": "integer", "minimum": 1, "description": "Numer zgłoszenia „Zgłoś brak usługi”."},
    },
    "konsultacje": {
        "data": dict(_DATE, description="Dzień konsultacji (RRRR-MM-DD)."),
        "liczba": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 1,
                   "description": "Ile konsultacji tego dnia."},
        "uwagi": dict(_TEXT, description="Krótko czego dotyczyły, bez danych osób."),
    },
    "konflikty": {
        "data": dict(_DATE, description="Dzień, w którym konflikt zgłoszono (RRRR-MM-DD)."),
        "czego_dotyczy": dict(_TEXT, description="Czego dotyczył, bez danych osób."),
        "wynik": _choice(register.OUTCOMES, "Jak się skończył"),
        "data_rozwiazania": dict(_DATE, description="Dzień rozwiązania (RRRR-MM-DD)."),
    },
}
ALLOWED = {"wnioski": register.REQUEST_KEYS, "konsultacje": register.CONSULTATION_KEYS,
            "konflikty": register.CONFLICT_KEYS}


def _entry(section: str) -> dict:
    fields = _FIELDS[section]
    return {"type": "object", "additionalProperties": False,
            "required": list(register.REQUIRED_KEYS[section]),
            "properties": {key: fields[key] for key in sorted(fields)}}


def monitoring_json_schema() -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Rejestr monitoringu partnerstwa",
        "description": "baskets/<koszyk>/monitoring.yml: wnioski o uzupełnienie koszyka, konsultacje dla zespołów "
                       "zadaniowych, konflikty. Bez danych osobowych (pola takie jak "
                       + ", ".join(sorted(register.PERSONAL_KEYS)) + " są odrzucane).",
        "type": "object",
        "additionalProperties": False,
        "properties": {section: {"type": "array", "items": _entry(section)} for section in _FIELDS},
    }
