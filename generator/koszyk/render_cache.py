"""A content-addressed cache of finished basket pages, so a rebuild renders only what changed.

At 30,000 services most of a build is the theme wrapping each basket page in its
header, menu and footer, and writing the file. A page outside the nav whose
inputs did not change comes out byte for byte the same, so its finished HTML is
kept in ``.cache/koszyk/strony/<key>.html`` and hard-linked into the site: not
rendered, not rewritten (the link keeps the file's modification time).

The key (``page_key``) is a SHA-256 of everything the finished page is made of:

- the page's own inputs: source and output paths, URL, canonical URL, title,
  edit link, metadata (which include the folder its shared chrome is
  rendered for), and its body HTML, which the koszyk templates have already
  rendered from the card, the taxonomy, the variant and the date; for a
  service or partner page, the key of everything its body is made from
  (``SitePage.key``) stands in for the body, which is then rendered only when
  the page is not in the cache;
- the site-wide inputs, computed once per build and folder:
  the theme's output for an empty probe page in that folder (so every value a page
  shows that does not come from the page itself, the nav, the palette, the
  scripts, the footer, the theme's translations, is in the key as it is rendered),
  the MkDocs settings that templates read, the templates of ``custom_dir``, and
  ``input_keys.code_digest()``: the versions of koszyk, MkDocs, Material and the
  libraries (the theme's own templates live in the installed package), and the
  bytes of koszyk's own source (its Python code sets filters and metadata the
  theme reads; an edited checkout keeps its version number).

Only pages of the ``BasketPage`` kind outside the nav use the cache: their
previous/next links and breadcrumbs are empty, so no other page's title reaches
them except through the nav, which the probe renders. Anything in doubt renders:
a missing or empty entry, a failed link, an unreadable cache folder. Entries
are written to a temporary file and linked under their name only if no build
stored them first (``_keep_first``), so none is ever half-written, and a
key never names two different pages' inputs, so a stale entry cannot be served,
only left unused (delete ``.cache/koszyk`` to reclaim the space).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .cache_folder import entry_name
from .files import new_cache_file, new_file_mode
from .input_keys import code_digest, digest as _digest, folder_digest
PAGES_FOLDER = "strony"
FILES_FOLDER = "pliki"  # the plugin's other outputs, named by their bytes (``serve_cached_files``)
EMPTY_TEMPLATE = "koszyk-z-pamieci.html"  # renders nothing: MkDocs then writes nothing for the page
_SETTINGS = ("site_name", "site_url", "site_description", "site_author", "copyright", "repo_url", "repo_name",
             "edit_uri", "extra", "extra_css", "extra_javascript", "use_directory_urls", "nav",
             "markdown_extensions", "mdx_configs")


def settings_digest(config, plugin_settings: dict) -> str:
    """The MkDocs settings templates read, the theme's settings and files, and the packages' versions."""
    theme = config.theme
    settings = {name: config.get(name) for name in _SETTINGS}
    settings["theme"] = {key: theme[key] for key in sorted(theme)}
    settings["koszyk"] = plugin_settings
    text = json.dumps(settings, sort_keys=True, default=repr, ensure_ascii=False)
    custom_dir = getattr(theme, "custom_dir", None)
    return _digest(text, folder_digest(Path(custom_dir) if custom_dir else None), code_digest())


def page_key(site_stamp: str, page) -> str:
    """The cache key of a ``BasketPage`` outside the nav (see the module docstring)."""
    file = page.file
    meta = _meta_text(page.meta)
    body_key = getattr(page, "body_key", "")
    # a body not rendered yet stands in by the key of everything it is made from (``SitePage.key``)
    body = ("klucz", body_key) if body_key else ("tresc", page.content or "")
    return _digest(site_stamp, file.src_uri, file.dest_uri, file.url, page.canonical_url or "",
                   page.title or "", page.edit_url or "", meta, *body)


_META_TEXTS: dict[str, str] = {}


def _meta_text(meta: dict) -> str:
    """``meta`` as sorted JSON. Pages of one folder share their metadata, and JSON-encoding it
    for each of 30,000 pages cost about 1 s a build; an equal ``repr`` means equal values."""
    shown = repr(meta)
    text = _META_TEXTS.get(shown)
    if text is None:
        if len(_META_TEXTS) > 4096:
            _META_TEXTS.clear()
        text = _META_TEXTS[shown] = json.dumps(meta, sort_keys=True, default=repr, ensure_ascii=False)
    return text


@dataclass
class PageCache:
    """The cache folder of one build; ``hits`` and ``misses`` count pages for the build's log."""

    folder: Path
    hits: int = 0
    misses: int = 0
    handled: set[str] = field(default_factory=set)  # src_uri of pages the cache wrote (MkDocs wrote nothing)
    kind: str = PAGES_FOLDER  # or ``FILES_FOLDER``
    staged: dict[tuple, str] = field(default_factory=dict)  # ``_identity`` of a staged file -> sha256 of its bytes
    checked: set[str] = field(default_factory=set)  # entries whose bytes ``stage_bytes`` hashed this build

    def entry(self, key: str) -> str:
        """Named by ``cache_folder.entry_name``: no one without the user's cache secret can plant a page.
        The name holds the mode files get (the umask): an entry is linked as it is, so a build under
        ``umask 077`` must not hand its 0600 files to a later build that publishes 0644 ones.
        A string, not a ``Path``: making 35,000 paths cost 1 s of a one-card rebuild (cProfile)."""
        name = entry_name(f"{key}:{new_file_mode():o}")
        suffix = ".html" if self.kind == PAGES_FOLDER else ""
        return f"{os.path.join(self.folder, self.kind, name[:2], name)}{suffix}"

    def serve(self, key: str, destination: str, sha256: str = "") -> bool:
        """Link the cached page into the site, unless it is there already (the same file, kept
        from the last build: ``building.empty_keeping_folders``); False (render it) on any doubt.
        With ``sha256``, an entry whose bytes have another digest (written to in place through
        a site file) is removed, not served; one ``stage_bytes`` hashed in this build (in ``on_files``;
        served in ``on_env``) is not hashed again: a write to it in between is published, as one
        right after the check always could be.

        A file linked anew is dated now, however old its entry: when content goes back to an
        earlier version (a service withdrawn, then restored), mirrors and HTTP caches holding
        the newer version must see the site's file as newer still, not as older."""
        entry = self.entry(key)
        try:
            kept = os.lstat(entry)
            if not stat.S_ISREG(kept.st_mode) or stat.S_IMODE(kept.st_mode) != new_file_mode():
                os.unlink(entry)  # not the file stored (a site file's ``chmod`` changes its entry too)
                return False
            if kept.st_size == 0:
                return False
            if sha256 and entry not in self.checked and _sha256_of(entry) != sha256:
                os.unlink(entry)
                return False
            if not _is_file(destination, kept):
                _link(entry, destination)
                os.utime(destination)
        except OSError:
            return False
        self.hits += 1
        return True

    def store(self, key: str, output: bytes | Path, destination: str, *, adopt: bool = False) -> bool:
        """Keep a freshly rendered page (or the file at ``output``) and link it into the site;
        False if the cache cannot be used (MkDocs then writes the page itself). ``adopt``: the
        file at ``output`` lies in the build's staging folder and may become the entry (``_adopted``)."""
        entry = self.entry(key)
        try:
            if not (adopt and isinstance(output, Path) and _adopted(output, entry)):
                _write_entry(entry, output)
            _link(entry, destination)
        except OSError:
            return False
        self.misses += 1
        return True


def _write_entry(entry: str, output: bytes | Path) -> None:
    """``entry`` holds ``output`` (bytes, or a file's), with the mode the site's files get."""
    handle, temporary = new_cache_file(os.path.dirname(entry))
    try:
        os.fchmod(handle, new_file_mode())  # the entry is the published page: readable as MkDocs writes it
        with os.fdopen(handle, "wb") as stream:
            if isinstance(output, bytes):
                stream.write(output)
            else:
                with open(output, "rb") as source:
                    shutil.copyfileobj(source, stream)
        _keep_first(temporary, entry)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _adopted(staged: Path, entry: str) -> bool:
    """Whether the staged file became ``entry`` itself (a hard link to it): a plain file of this
    user's with no other link and the mode of the site's files, in the build's own staging folder
    (the caller knows), which no one else can write to (0700; ``staging``) and which is removed,
    never written to again, once MkDocs has copied what it still must. Else it is copied: a file
    linked from the cache already (``stage_bytes``), one whose mode or group differs from what a
    file made in the entry's folder gets (a setgid folder, default ACLs: the group of a web server
    that reads the site), or a staging folder on another file system.
    The public site's open data, search index and downloads are about 180 MB at 30,000 services
    (voivodeship), written twice when copied."""
    found = os.lstat(staged)
    if not (stat.S_ISREG(found.st_mode) and found.st_nlink == 1 and found.st_uid == os.getuid()
            and stat.S_IMODE(found.st_mode) == new_file_mode() and found.st_size > 0):
        return False
    folder = os.path.dirname(entry)
    os.makedirs(folder, exist_ok=True)
    held = os.stat(folder)
    if found.st_gid != held.st_gid or found.st_gid != _new_file_group(held):
        return False  # a file made there may get another group (setgid, or a ``grpid`` mount)
    if _has_acl(folder, "system.posix_acl_default") or _has_acl(str(staged), "system.posix_acl_access"):
        return False  # rights beyond the mode: the cache's default ones, or the temp folder's
    try:
        os.link(staged, entry)
    except OSError:  # another build stored it meanwhile, or no hard links: written as any other
        return False
    return True


def _new_file_group(folder: os.stat_result) -> int:
    """The group a file made in ``folder`` gets: the folder's own when it is setgid (a site or
    cache shared with a web server's group), else the process's."""
    return folder.st_gid if folder.st_mode & stat.S_ISGID else os.getegid()


def _has_acl(path: str, name: str) -> bool:
    try:
        return name in os.listxattr(path, follow_symlinks=False)
    except OSError:  # no extended attributes on this file system: no ACLs either
        return False


def _keep_first(temporary: str, entry: str) -> None:
    """``temporary`` becomes ``entry``, unless another build stored it meanwhile (both variants
    build at once and may make the same file): replacing it would leave that build's site
    file linked to a file the cache no longer holds. An empty entry (damaged) is replaced."""
    try:
        os.link(temporary, entry)
    except FileExistsError:
        if os.stat(entry).st_size == 0:
            os.replace(temporary, entry)
    except OSError:  # a file system without hard links: the site gets copies (``_link``)
        os.replace(temporary, entry)


def _is_file(path: str, file: os.stat_result) -> bool:
    """Whether ``path`` is that very file (a hard link to it), not a copy or a link to another."""
    try:
        found = os.lstat(path)
    except OSError:
        return False
    return (found.st_ino, found.st_dev) == (file.st_ino, file.st_dev)


def _link(entry: str, destination: str) -> None:
    """``destination`` becomes the cached file: a hard link, or a copy put in place by a rename
    (across file systems, or when the path is taken again at once). Whatever stood there is
    replaced, never written through (an old link into the cache). The link is tried first: most
    pages go into a new folder, and a ``makedirs`` and an ``unlink`` before every link were two
    to four failed system calls a page."""
    try:
        os.link(entry, destination)
        return
    except FileExistsError:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(destination)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(destination), exist_ok=True)
    except OSError:
        _copy(entry, destination)
        return
    try:
        os.link(entry, destination)
    except OSError:
        _copy(entry, destination)


def _copy(entry: str, destination: str) -> None:
    os.makedirs(os.path.dirname(destination), exist_ok=True)
    temporary = destination + ".nowy"
    shutil.copyfile(entry, temporary)
    os.replace(temporary, destination)


class SkippedPagesFilter(logging.Filter):
    """MkDocs logs "Page skipped" for every page the cache wrote; those are not news."""

    def __init__(self, cache: PageCache):
        super().__init__()
        self.cache = cache

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("Page skipped: '"):
            return message[len("Page skipped: '"):].split("'", 1)[0] not in self.cache.handled
        return True


def serve_cached_pages(cache: PageCache, site_stamp: str, env, config, nav, files, pages: list) -> None:
    """Basket pages outside the nav whose key is in ``cache`` are linked into the site, not
    rendered. A page not served keeps its key (``koszyk_key``):
    the plugin stores it once MkDocs has rendered it.

    Runs once every page is read and before any is rendered (MkDocs picks a page's template
    before ``on_page_context``, so the choice is made here). A served page leaves MkDocs' page
    loop (``InclusionLevel.EXCLUDED``); the plugin still lists it in the sitemap."""
    from mkdocs.structure.files import InclusionLevel

    from .structure import BasketPage

    stamps: dict[str, str] = {}
    for file in files.documentation_pages():
        page = file.page
        folder = page.meta.get("koszyk_nav") if isinstance(page, BasketPage) else None
        if folder is None:
            continue
        if folder not in stamps:
            # hashed once: the theme's page around a basket page is some 10 KB, and hashed with
            # each of 30,000 pages it cost 1.5 s of a one-card rebuild (sampling profile)
            stamps[folder] = _digest(site_stamp, probe_output(env, config, nav, files, folder, pages))
        key = page_key(stamps[folder], page)
        if cache.serve(key, file.abs_dest_path):
            page.meta["template"] = EMPTY_TEMPLATE
            file.inclusion = InclusionLevel.EXCLUDED
            cache.handled.add(file.src_uri)
        else:
            page.koszyk_key = key


def serve_cached_files(cache: PageCache, files, variant: str, staging: Path | None = None) -> None:
    """The plugin's outputs that are not pages (search index, card files, downloads) are linked
    into the site from ``cache``, each under the digest of its bytes, instead of being written
    by MkDocs: a file that did not change stays in the site as it was (``building``), and the
    others are written once, into the cache. At 30,000 services that is about 5,000 files a
    build, most of them the same every time. An empty file, or any doubt, is left to MkDocs.

    Entries are the variant's own (``variant`` is in the key): a file the intranet and the
    public site have alike is still two files, so nothing done to one site's file reaches the
    other. An entry is served only if its bytes still have its digest (``PageCache.serve``), even
    when the site file is that entry already: a write through it changed both. A file
    ``stage_bytes`` put in staging is not hashed again, nor the entry it linked there: each
    unchanged card file and index chunk was hashed four times (its bytes and the entry in
    ``stage_bytes``, the staged file here and the entry in ``serve``), now twice. A new file of
    the ``staging`` folder becomes its entry rather than being copied (``PageCache.store``)."""
    from mkdocs.structure.files import InclusionLevel

    for file in files:
        if file.generated_by is None or file.is_documentation_page() or file.inclusion.is_excluded():
            continue
        if file.abs_src_path is not None:  # a staged file: read in chunks, never whole (open data: 27 MB)
            output: bytes | Path = Path(file.abs_src_path)
            found = os.stat(output)
            sha256, empty = cache.staged.get(_identity(found)) or _sha256_of(output), found.st_size == 0
        else:
            output = file.content_bytes
            sha256, empty = hashlib.sha256(output).hexdigest(), not output
        key, destination = file_key(variant, sha256), file.abs_dest_path
        adopt = staging is not None and isinstance(output, Path) and output.is_relative_to(staging)
        if not empty and (cache.serve(key, destination, sha256) or cache.store(key, output, destination, adopt=adopt)):
            file.inclusion = InclusionLevel.EXCLUDED


def file_key(variant: str, sha256: str) -> str:
    """What a file that is not a page is kept under (``serve_cached_files``)."""
    return f"{variant}:{sha256}"


def stage_bytes(cache: PageCache | None, variant: str, path: Path, content: bytes) -> None:
    """Put ``content`` at ``path`` in the staging folder: a hard link to the entry of the files
    cache (``kind=FILES_FOLDER``) that holds exactly these bytes, else a new file; whatever
    stood at ``path`` is unlinked first, never written through. ``serve_cached_files`` then
    links the entry into the site, taking the digest from here (``PageCache.staged``). Writing the 3,000
    card files and 1,800 chunks of the search index anew cost 3 to 6 s of a one-card rebuild at
    30,000 services (sampling profile, ext4); linking 3,000 files takes 0.06 s where writing
    them takes 1.3 s, when the cache and the temp dir are on one file system (else the link
    fails and the file is written). An entry is trusted as ``serve`` trusts it: only if its
    bytes still have their digest."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    if cache is None or not content:
        path.write_bytes(content)
        return
    sha256 = hashlib.sha256(content).hexdigest()
    entry = cache.entry(file_key(variant, sha256))
    try:
        if os.stat(entry).st_size == len(content) and _sha256_of(entry) == sha256:
            os.link(entry, path)
            cache.checked.add(entry)
        else:
            path.write_bytes(content)
    except OSError:
        path.write_bytes(content)
    cache.staged[_identity(os.stat(path))] = sha256


def _identity(found: os.stat_result) -> tuple:
    """A staged file as ``serve_cached_files`` finds it: by inode, not path (the search index is
    written to ``indeks.nowy`` and renamed), with its size, modification time and inode change
    time; any write to the file since moves its change time (which no one can set back), so a
    file changed since is hashed again."""
    return found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns


def _sha256_of(path: str | Path) -> str:
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def remove_files(paths: Iterable[str]) -> None:
    """Files of the site that may be links into the cache, gone before anything is written there."""
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def unlink_shared_outputs(files, config) -> None:
    """Every output MkDocs is about to write that has more than one link is unlinked first, so
    MkDocs writes a new file instead of writing through the link into a cache entry: a page
    kept from the last build (``building.empty_keeping_folders``) that the cache did not serve
    this time; a page a build with the cache linked, built again "dirty" with the cache off; a
    hard-link copy of the site. Pages and files the cache served are not written
    (``InclusionLevel.EXCLUDED``), nor are pages a "dirty" build takes for up to date. Any other
    file is: one unlinked here is missing when MkDocs copies files, so it is copied again (a
    kept copy of a script that looks newer than the package's would otherwise stay as it was)."""
    outputs = [file.abs_dest_path for file in files
               if not file.inclusion.is_excluded() and (file.is_modified() or not file.is_documentation_page())]
    templates = config.theme.static_templates
    outputs += [os.path.join(config.site_dir, name)
                for name in [*templates, *(["sitemap.xml.gz"] if "sitemap.xml" in templates else [])]]
    for path in outputs:
        try:
            found = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISDIR(found.st_mode):  # a folder where a page goes: gone, as in a clean build
            shutil.rmtree(path)
        elif found.st_nlink > 1:
            os.unlink(path)


def probe_output(env, config, nav, files, folder: str, pages: list) -> str:
    """The theme's rendering of an empty basket page in ``folder`` (``structure.nav_folder``):
    the site-wide part of every basket page there. ``pages``: ``files.documentation_pages()``,
    listed once a build, as MkDocs' page loop passes it (not 30,000 files listed again per probe)."""
    from mkdocs.commands.build import get_context
    from mkdocs.structure.files import File

    from .pages import SitePage
    from .structure import BasketPage

    src_uri = folder.lstrip("/") + "koszyk-probe.md"
    probe = BasketPage(SitePage(src_uri, "", ""), File.generated(config, src_uri, content=""), config)
    probe.read_source(config)
    probe.render(config, files)
    return env.get_template("main.html").render(get_context(nav, pages, config, probe))
