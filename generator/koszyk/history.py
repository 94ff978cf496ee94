"""What changed in a basket, read from the git history of its cards (``koszyk changes``, "Co nowego").

Each commit that touched a card is compared with its parent, service by service
(matched by ``id``): added, withdrawn (to a status the taxonomy does not list), removed from the card,
or changed (which fields). The first commit of the history is the starting point,
not a list of additions. In a shallow clone the history starts at the oldest
commit present, and ``History.note`` says so; without git there is no history,
and the note says that too.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path

from .loading import load_text
from .taxonomy import Taxonomy, load_taxonomy
from .validation import is_card_name
from .variants import Policy, is_intranet_only

ADDED, WITHDRAWN, CHANGED, REMOVED = "dodana", "wycofana", "zmieniona", "usunięta z karty"
_RECORD, _UNIT = "\x1e", "\x1f"


@dataclass
class ServiceChange:
    date: dt.date
    commit: str
    partner: str  # card slug
    partner_name: str
    service: str  # service id
    service_name: str
    kind: str
    fields: list[str] = field(default_factory=list)
    public: bool = True  # the service is public (in its newer version)

    def for_public(self) -> ServiceChange | None:
        """The change as residents may see it: internal services and intranet-only fields left out."""
        if not self.public:
            return None
        visible = [name for name in self.fields if not is_intranet_only(tuple(name.split(".")))]
        if self.kind == CHANGED and not visible:
            return None
        return ServiceChange(**{**self.__dict__, "fields": visible})

    @property
    def field_labels(self) -> list[str]:
        """The changed fields as the workbook's column headers name them (``dostep.tryb`` → „Tryb dostępu”)."""
        return [field_label(name) for name in self.fields]


@dataclass
class History:
    available: bool
    changes: list[ServiceChange] = field(default_factory=list)
    note: str = ""
    starts: dt.date | None = None  # date of the oldest commit the history holds

    def hiding(self, internal: set[str]) -> History:
        """The history with every change of the ``internal`` services (intranet-only now) marked
        not public: a service made intranet-only must not stay on the public news, by its name
        and a link to a page it no longer has, through changes from when it was public."""
        changes = [replace(change, public=False) if change.service in internal else change for change in self.changes]
        return replace(self, changes=changes)


class _Git:
    def __init__(self, folder: Path):
        self.folder = folder

    def run(self, *args: str, stdin: str | None = None) -> str:
        done = subprocess.run(["git", "-C", str(self.folder), *args], capture_output=True, text=True,
                              input=stdin, encoding="utf-8")
        if done.returncode != 0:
            raise RuntimeError(done.stderr.strip() or f"git {' '.join(args)} failed")
        return done.stdout

    def blobs(self, specs: list[str]) -> dict[str, str | None]:
        """``{"<commit>:<path>": text or None}`` through one ``git cat-file --batch``."""
        if not specs:
            return {}
        done = subprocess.run(["git", "-C", str(self.folder), "cat-file", "--batch"], capture_output=True,
                              input="\n".join(specs).encode() + b"\n")
        data, position, found = done.stdout, 0, {}
        for spec in specs:
            end = data.index(b"\n", position)
            header = data[position:end].decode()
            position = end + 1
            if header.endswith(" missing"):
                found[spec] = None
                continue
            size = int(header.rsplit(" ", 1)[1])
            found[spec] = data[position:position + size].decode("utf-8", "replace")
            position += size + 1
        return found


def _services(text: str | None) -> tuple[str, dict[str, dict]]:
    card = load_text(text, "karta").data if text else None  # a broken old version has no services
    if not isinstance(card, dict):
        return "", {}
    partner = card.get("partner") if isinstance(card.get("partner"), dict) else {}
    listed = card.get("uslugi") if isinstance(card.get("uslugi"), list) else []
    # an old version was never validated: only services with a text id can be matched
    services = {s["id"]: s for s in listed if isinstance(s, dict) and isinstance(s.get("id"), str)}
    return str(partner.get("nazwa", "")), services


_GROUP_LABELS = {"dostep.kryteria": "Kryteria dostępu", "dostep.wiek": "Wiek"}


def field_label(name: str) -> str:
    """A service field (``zapisy``, ``dostep.kryteria``) in the words partners know from the workbook."""
    from .excel.columns import SERVICE_COLUMNS  # the workbook's headers are the partners' names for fields

    for column in SERVICE_COLUMNS:
        if ".".join(str(part) for part in column.path) == name:
            return column.header
    return _GROUP_LABELS.get(name, name)


def changed_fields(old: dict, new: dict) -> list[str]:
    """Top-level fields whose values differ; inside ``dostep``, the sub-field (``dostep.kryteria``)."""
    names = []
    for key in sorted(set(old) | set(new), key=str):  # keys of unvalidated old versions may be of any type
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if isinstance(before, dict) and isinstance(after, dict):
            names += [f"{key}.{sub}" for sub in sorted(set(before) | set(after), key=str)
                      if before.get(sub) != after.get(sub)]
        else:
            names.append(str(key))
    return names


def compare_card(old_text: str | None, new_text: str | None,
                 policy: Policy) -> tuple[str, list[tuple[str, str, str, list[str], bool]]]:
    """(partner name, [(service id, name, kind, fields, public)]) between two versions of a card."""
    old_name, old = _services(old_text)
    new_name, new = _services(new_text)
    found = []
    for service_id in sorted(set(old) | set(new)):
        before, after = old.get(service_id), new.get(service_id)
        current = after or before
        public = policy.is_public(current.get("widocznosc"))
        name = str(current.get("nazwa", service_id))
        if before is None:
            if policy.is_listed(after.get("status")):
                found.append((service_id, name, ADDED, [], public))
        elif after is None:
            found.append((service_id, name, REMOVED, [], public))
        elif not policy.is_listed(after.get("status")) and policy.is_listed(before.get("status")):
            found.append((service_id, name, WITHDRAWN, [], public))
        else:
            fields = changed_fields(before, after)
            if fields:
                found.append((service_id, name, CHANGED, fields, public))
    return new_name or old_name, found


def _commits(git: _Git, pathspec: str, since: dt.date | None) -> list[tuple[str, list[str], dt.date, list[str]]]:
    args = ["log", "--no-renames", "--name-only", f"--format={_RECORD}%H{_UNIT}%P{_UNIT}%cs"]
    if since:
        args.append(f"--since={since.isoformat()}T00:00:00")
    commits = []
    for block in git.run(*args, "--", pathspec).split(_RECORD)[1:]:
        header, _, names = block.partition("\n")
        sha, parents, date = header.split(_UNIT)
        paths = [line for line in names.splitlines()  # cards, not files in folders below ``partnerzy``
                 if is_card_name(line) and line.rpartition("/")[0] == pathspec]
        commits.append((sha, parents.split(), dt.date.fromisoformat(date), paths))
    return commits


def _by_card(paths: list[str]) -> dict[str, list[str]]:
    """A commit's card files by card name (the file name without its suffix): ``gops.yml`` renamed
    ``gops.YML`` is one card that did not change, not one withdrawn and one new."""
    cards: dict[str, list[str]] = {}
    for path in paths:
        cards.setdefault(Path(path).stem, []).append(path)
    return cards


def _card_text(blobs: dict[str, str | None], commit: str, named: list[str]) -> str | None:
    """The card's text at ``commit`` under whichever of its file names it had there."""
    return next((text for text in (blobs.get(f"{commit}:{path}") for path in named) if text is not None), None)


def basket_history(basket_dir: Path, since: dt.date | None = None, taxonomy: Taxonomy | None = None) -> History:
    """The changes to the services of the basket in ``basket_dir``, newest first."""
    policy = Policy.from_taxonomy(taxonomy or load_taxonomy())
    if shutil.which("git") is None:
        return History(False, note="Historia zmian jest niedostępna: na tym komputerze nie ma programu git.")
    git = _Git(basket_dir.resolve())
    try:
        top = Path(git.run("rev-parse", "--show-toplevel").strip())
        shallow = git.run("rev-parse", "--is-shallow-repository").strip() == "true"
        pathspec = (basket_dir.resolve() / "partnerzy").relative_to(top).as_posix()
        commits = _commits(_Git(top), pathspec, since)
        oldest = _commits(_Git(top), pathspec, None)[-1:] if since else commits[-1:]
    except (RuntimeError, ValueError, IndexError, OSError):
        return History(False, note="Historia zmian jest niedostępna: koszyk nie leży w repozytorium git.")
    git = _Git(top)
    specs = []
    for sha, parents, _, paths in commits:
        for path in paths:
            specs.append(f"{sha}:{path}")
            if parents:
                specs.append(f"{parents[0]}:{path}")
    blobs = git.blobs(specs)
    changes = []
    for sha, parents, date, paths in commits:
        if not parents:
            continue  # the start of the history (or of a shallow clone): a baseline, not news
        for slug, named in _by_card(paths).items():
            before, after = _card_text(blobs, parents[0], named), _card_text(blobs, sha, named)
            partner_name, found = compare_card(before, after, policy)
            changes += [ServiceChange(date, sha[:10], slug, partner_name, service_id, name, kind, fields, public)
                        for service_id, name, kind, fields, public in found]
    starts = oldest[0][2] if oldest else None
    note = "" if oldest else "Karty tego koszyka nie są jeszcze zapisane w historii git: zmiany pojawią się po pierwszym commicie."
    if shallow:
        note = (f"Kopia repozytorium jest płytka: historia zaczyna się {starts.isoformat() if starts else 'od ostatniej zmiany'}, "
                "starsze zmiany nie są znane (pełną historię pobiera „git fetch --unshallow”).")
    return History(True, sorted(changes, key=lambda c: (c.date, c.commit), reverse=True), note, starts)
