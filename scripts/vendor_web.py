"""Vendor the dashboard's (and the API docs') JavaScript libraries and map data from npm into src/parley/web/vendor/.

The dashboard must work with no internet at run time and no CDN, so the few files it needs
are fetched once with `npm pack` (the registry tarball, no install scripts run), copied with
their licences, and committed. `vendor/MANIFEST.json` records package, version, source path
and SHA-256 of every file; `tests/test_web_assets.py` checks the tree against it.

Run it again after changing a version below:

    python scripts/vendor_web.py
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "src" / "parley" / "web" / "vendor"

# package, version, {path in the tarball: file name under vendor/}
PACKAGES: list[tuple[str, str, dict[str, str]]] = [
    ("chart.js", "4.6.1", {"dist/chart.umd.min.js": "chart.umd.min.js", "LICENSE.md": "LICENSE.chart.js.md"}),
    ("d3-array", "3.2.4", {"dist/d3-array.min.js": "d3-array.min.js", "LICENSE": "LICENSE.d3-array"}),
    ("d3-geo", "3.1.2", {"dist/d3-geo.min.js": "d3-geo.min.js", "LICENSE": "LICENSE.d3-geo"}),
    ("topojson-client", "3.1.0", {"dist/topojson-client.min.js": "topojson-client.min.js",
                                  "LICENSE": "LICENSE.topojson-client"}),
    # Natural Earth 1:110m country outlines as TopoJSON; feature ids are ISO 3166-1 numeric codes.
    ("world-atlas", "2.0.2", {"countries-110m.json": "countries-110m.json", "LICENSE": "LICENSE.world-atlas"}),
    # [alpha-2, alpha-3, numeric] rows: maps the atlas's numeric ids to Parley's ISO-3 codes.
    ("i18n-iso-countries", "7.14.0", {"codes.json": "iso-codes.json", "LICENSE": "LICENSE.i18n-iso-countries"}),
    # Swagger UI for /docs (Apache-2.0: its NOTICE travels with it); FastAPI's default page
    # loads it from a CDN and runs an inline script, which the server's CSP forbids.
    ("swagger-ui-dist", "5.36.0", {"swagger-ui-bundle.js": "swagger-ui-bundle.js", "swagger-ui.css": "swagger-ui.css",
                                   "LICENSE": "LICENSE.swagger-ui-dist", "NOTICE": "NOTICE.swagger-ui-dist"}),
]


def fetch(package: str, version: str, into: Path) -> Path:
    """The registry tarball of `package@version`, downloaded by npm into `into`."""
    out = subprocess.run(["npm", "pack", "--silent", f"{package}@{version}", "--pack-destination", str(into)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"npm pack {package}@{version} failed: {out.stderr.strip().splitlines()[-1:]}")
    return into / out.stdout.strip().splitlines()[-1]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    if shutil.which("npm") is None:
        sys.exit("npm is not installed (apt-get install npm)")
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    VENDOR.mkdir(parents=True)
    manifest = []
    with tempfile.TemporaryDirectory() as tmp:
        for package, version, files in PACKAGES:
            tarball = fetch(package, version, Path(tmp))
            with tarfile.open(tarball) as tar:
                for inner, name in files.items():
                    member = tar.extractfile(f"package/{inner}")
                    if member is None:
                        sys.exit(f"{package}@{version}: no file {inner} in the tarball")
                    (VENDOR / name).write_bytes(member.read())
                    manifest.append({"package": package, "version": version, "source": inner, "file": name,
                                     "sha256": sha256(VENDOR / name)})
            print(f"vendored {package}@{version}: {', '.join(files.values())}")
    (VENDOR / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
