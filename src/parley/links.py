"""Links: which URLs from the data may become a link (`href` or `src`), decided in one place.

An article's URL comes from data the user did not write (a JSONL record, a WARC-Target-URI,
a page's canonical link). Put into an `href`, `javascript:alert(1)` runs script on the
server's origin (or in a digest file) when clicked, and `data:` or `vbscript:` URLs do
similar things. So every URL that reaches a link goes through `safe_link`: the digest
templates call it, and the API gives the dashboard each mention's `link` (its `url` if
`safe_link` accepts it, else null). What it refuses is shown as text, never dropped.
"""
from __future__ import annotations

import re

# http and https for the web, file for local articles. Everything else (javascript, data,
# vbscript, blob, and URLs with no scheme at all, which would resolve against whatever page
# shows them) is refused.
LINK_SCHEMES = frozenset({"http", "https", "file"})

# What browsers ignore before they read a scheme (WHATWG URL standard): leading and trailing
# C0 controls and spaces, and tabs and newlines anywhere ("java\tscript:" is javascript:).
EDGE_CONTROLS = "".join(chr(c) for c in range(0x21))
INNER_CONTROLS = re.compile(r"[\t\n\r]")
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def safe_link(url: str | None) -> str | None:
    """`url` as a browser will read it, if its scheme is one of `LINK_SCHEMES`; else None.

    The scheme is read the way a browser reads it (edges stripped, tabs and newlines
    removed, case ignored), so that mixed case or whitespace cannot slip a `javascript:`
    past the check; the value returned is that cleaned URL, so what the page links to is
    exactly what was checked.
    """
    if not url:
        return None
    cleaned = INNER_CONTROLS.sub("", url.strip(EDGE_CONTROLS))
    scheme = SCHEME.match(cleaned)
    if scheme is None or scheme.group(1).lower() not in LINK_SCHEMES:
        return None
    return cleaned
