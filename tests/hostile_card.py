"""A basket whose newest card holds an HTML payload in every text field the schema declares.

The fields are found by walking ``koszyk.schema`` (the declaration the validator
uses), so a text field added to the card later is filled with the payload too.
Fields the validator checks for a format cannot hold the payload and get a valid
value instead, as hostile as the format lets it be:

- ``id`` (service ids), ``kod``, ``teryt``, ``opiekunowie``: fixed patterns of letters
  and digits, valid values;
- ``email``: ``o'x.<n>@example.org``, a quote, which the e-mail pattern allows;
- ``www``: ``https://example.org/"'><svg/onload=…>&<!--``, which the URL check allows;
- ``telefon``, ``ostatnia_weryfikacja``, vocabularies, numbers and yes/no: valid values.

The partner's town is ``Wieś<!--<script>`` followed by the payload: in a JSON block
inside ``<script>``, an unescaped ``<!--<script>`` keeps the block from ending.
The basket's own text fields (name, leader, description) hold the payload as well.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

from koszyk import schema
from koszyk.taxonomy import load_taxonomy

MARK = "__xss"
PAYLOAD = (f"X<img src=x onerror=window.{MARK}=1><svg onload=window.{MARK}=1></title>"
           f"<script>window.{MARK}=1</script>\"'&<!--")
TOWN = "Wieś<!--<script>" + PAYLOAD
URL = f"https://example.org/\"'><svg/onload=window.{MARK}=1>&<!--"
SLUG = "wrogi-partner"
# one service per status that shows somewhere: listed, in the "new" report, in the "suspended" report
SERVICE_STATUSES = {"wrogi-tekst": "oferowana", "wrogi-tekst-nowa": "nowa", "wrogi-tekst-zawieszona": "zawieszona"}
VERIFIED = dt.date(2024, 1, 15)  # more than a year before the tests' today: the card shows up as stale

# Text with a format the validator enforces: a valid value, since the payload would be refused.
_FORMATTED_TEXT = {
    schema.SLUG: "wrogi-tekst",
    schema.EMAIL: "o'x@example.org",
    schema.POSTAL_CODE: "00-000",
    schema.TERYT: "02",
    schema.USERNAME: "@wrogi-opiekun",
}


def is_free_text(kind: schema.Kind) -> bool:
    return isinstance(kind, schema.Text) and not kind.pattern


def hostile_value(kind: schema.Kind, key: str = "") -> Any:
    """A valid value of ``kind`` with the payload in every free text it holds."""
    if isinstance(kind, schema.Record):
        return {field.key: (field.default if isinstance(field.kind, schema.Choice) and field.default is not None
                            else hostile_value(field.kind, field.key)) for field in kind.fields}
    if isinstance(kind, schema.ListOf):
        return [hostile_value(kind.item, key)]
    if is_free_text(kind):
        return PAYLOAD
    if isinstance(kind, schema.Text):
        if kind not in _FORMATTED_TEXT:
            raise AssertionError(f"a new formatted text kind ({kind.pattern}): give it a valid value in _FORMATTED_TEXT")
        return _FORMATTED_TEXT[kind]
    if isinstance(kind, schema.Url):
        return URL
    if isinstance(kind, schema.Phone):
        return "+48 12 345 67 89"
    if isinstance(kind, schema.Regon):
        return "999900017"
    if isinstance(kind, schema.Date):
        return VERIFIED
    if isinstance(kind, schema.Integer):
        return kind.minimum
    if isinstance(kind, schema.Boolean):
        return True
    if isinstance(kind, schema.Choice):
        return load_taxonomy()[kind.vocabulary].keys[0]
    raise AssertionError(f"unknown kind {type(kind).__name__} in the card schema: say what a hostile value is")


def free_text_paths(kind: schema.Kind, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every free-text field of a declaration, as key paths (list items are not counted)."""
    if isinstance(kind, schema.Record):
        return [found for field in kind.fields for found in free_text_paths(field.kind, path + (field.key,))]
    if isinstance(kind, schema.ListOf):
        return free_text_paths(kind.item, path)
    return [path] if is_free_text(kind) else []


def hostile_card() -> dict:
    card = hostile_value(schema.CARD)
    card["partner"]["adres"]["miejscowosc"] = TOWN
    template = card["uslugi"][0]
    card["uslugi"] = [{**copy.deepcopy(template), "id": service_id, "status": status}  # no YAML aliases
                      for service_id, status in SERVICE_STATUSES.items()]
    return card


def _git(repo: Path, *args: str, date: str) -> None:
    stamp = f"{date}T12:00:00+01:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.org",
                    "-c", "commit.gpgsign=false", *args], check=True, capture_output=True, env=env)


def write_hostile_basket(sample: Path, repo: Path) -> Path:
    """``repo/baskets/<sample name>`` in a fresh git repository: the sample first, then the
    hostile basket text and card in a later commit (so "Co nowego" and the feed list them)."""
    basket = repo / "baskets" / sample.name
    shutil.copytree(sample, basket)
    _git(repo, "init", "-q", "-b", "main", date="2026-01-10")
    _git(repo, "add", ".", date="2026-01-10")
    _git(repo, "commit", "-q", "-m", "start", date="2026-01-10")
    info = yaml.safe_load((basket / "basket.yml").read_text(encoding="utf-8"))
    hostile_info = hostile_value(schema.BASKET)
    info.update({key: hostile_info[key] for (key,) in free_text_paths(schema.BASKET)})
    (basket / "basket.yml").write_text(yaml.safe_dump(info, allow_unicode=True, sort_keys=False), encoding="utf-8")
    card = basket / "partnerzy" / f"{SLUG}.yml"
    card.write_text(yaml.safe_dump(hostile_card(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    _git(repo, "add", ".", date="2026-02-03")
    _git(repo, "commit", "-q", "-m", "hostile card", date="2026-02-03")
    return basket
