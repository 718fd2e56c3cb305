#!/bin/sh
# Debian's chromium for the browser tests (tests/test_web.py), installed only when missing.
# Called by `make test`; never fails the build itself: without a browser those tests skip
# and say why.
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
        echo "warning: chromium is missing and this user cannot install it: the browser tests will skip" >&2
        exit 0
    fi
fi
if command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's chromium for the browser tests ..."
    if $SUDO apt-get update -qq >/dev/null && \
       DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null; then
        exit 0
    fi
fi
echo "warning: could not install chromium (apt-get install chromium): the browser tests will skip" >&2
exit 0
