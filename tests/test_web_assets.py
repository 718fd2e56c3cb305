"""Dashboard assets: the vendored npm files match their manifest, carry their licences, and
the page refers only to files the server itself serves."""
from __future__ import annotations

import hashlib
import json
import re
from importlib import resources

import pytest

WEB = resources.files("parley") / "web"
MANIFEST = json.loads((WEB / "vendor" / "MANIFEST.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", MANIFEST, ids=lambda e: e["file"])
def test_vendored_file_is_what_the_script_fetched(entry):
    data = (WEB / "vendor" / entry["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == entry["sha256"], f"{entry['file']} changed: re-run scripts/vendor_web.py"


def test_every_vendored_package_ships_its_licence():
    packages = {e["package"] for e in MANIFEST}
    licensed = {e["package"] for e in MANIFEST if e["file"].startswith("LICENSE")}
    assert packages == licensed


def test_page_loads_only_local_scripts_and_styles():
    html = (WEB / "index.html").read_text(encoding="utf-8")
    refs = re.findall(r'(?:src|href)="([^"#]+)"', html)
    local = [r for r in refs if not r.startswith(("/docs", "data:"))]
    assert local and all("://" not in r and not r.startswith("//") for r in local)
    for ref in local:
        assert (WEB / ref).is_file(), f"index.html refers to {ref}, which is not in src/parley/web/"


def test_docs_page_loads_only_what_the_package_ships():
    html = (WEB / "docs.html").read_text(encoding="utf-8")
    refs = re.findall(r'(?:src|href)="([^"#]+)"', html)
    shipped = [r for r in refs if r.startswith("/ui/")]
    assert len(shipped) == 3 and "<script>" not in html  # no inline script: the CSP allows none
    for ref in shipped:
        assert (WEB / ref.removeprefix("/ui/")).is_file(), f"docs.html refers to {ref}, which is not in src/parley/web/"
    assert set(refs) - set(shipped) == {"data:,", "/openapi.json"}


def test_atlas_ids_map_to_iso3_codes():
    atlas = json.loads((WEB / "vendor" / "countries-110m.json").read_text(encoding="utf-8"))
    codes = {numeric: alpha3 for _, alpha3, numeric, *_ in
             json.loads((WEB / "vendor" / "iso-codes.json").read_text(encoding="utf-8"))}
    ids = [g.get("id") for g in atlas["objects"]["countries"]["geometries"]]
    mapped = {codes[i] for i in ids if i in codes}
    assert {"BLR", "USA", "RUS", "VEN", "UKR", "POL", "ESP", "CHN"} <= mapped
    assert len(mapped) >= 170  # Natural Earth 1:110m: 177 shapes, a few without an ISO code
