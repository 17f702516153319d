"""gdlib installs whole from a plain (non-editable) pip install, as on Colab, Binder and a hub.

An editable install (`-e .`, the book's own environment) finds every subpackage on disk, so a
subpackage missing from pyproject.toml only breaks readers: `import gdlib` then fails there.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_gdlib_subpackage_is_packaged():
    # a regex, not tomllib: the gdlib tests also run on Python 3.10, which has no tomllib
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    listed = re.search(r"^packages = \[(.*?)\]", text, re.M | re.S).group(1)
    packaged = set(re.findall(r'"([^"]+)"', listed))
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "gdlib").rglob("__init__.py")
    }
    assert on_disk <= packaged, f"add {sorted(on_disk - packaged)} to [tool.setuptools] packages"
