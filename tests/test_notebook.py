"""gdlib.glue stores a value exactly as MyST-NB's own glue does, without importing myst_nb."""

from __future__ import annotations

import subprocess
import sys

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

import gdlib

myst_nb = pytest.importorskip("myst_nb")


def outputs(glue, *args, **kwargs) -> list[tuple[dict, dict]]:
    InteractiveShell.instance()  # display needs a shell, as in a notebook's kernel
    with capture_output() as captured:
        glue(*args, **kwargs)
    return [(output.data, output.metadata) for output in captured.outputs]


@pytest.mark.parametrize("value", [3, 0.25, "1.23e-04", [1, 2]])
@pytest.mark.parametrize("display", [False, True])
def test_glue_stores_what_myst_nb_glue_stores(value, display):
    ours = outputs(gdlib.glue, "name", value, display=display)
    assert ours == outputs(myst_nb.glue, "name", value, display=display)
    assert len(ours) == 1 and ours[0][1]["scrapbook"]["name"] == "name"


def test_glue_does_not_import_myst_nb():
    code = (
        "import sys; from IPython.core.interactiveshell import InteractiveShell\n"
        "InteractiveShell.instance(); import gdlib; gdlib.glue('n', 1)\n"
        "print(sorted(m for m in ('myst_nb', 'nbformat', 'jsonschema') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
