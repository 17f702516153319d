"""The Engel data shipped inside gdlib: offline, unchanged (sha256), sane values."""

from __future__ import annotations

import csv
import hashlib
import re
import socket
from pathlib import Path

import numpy as np
import pytest

import gdlib

DATA = Path(gdlib.__file__).parent / "data"


def test_loads_without_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("load_engel tried to open a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    income, food_expenditure = gdlib.load_engel()
    assert income.shape == food_expenditure.shape == (235,)


def test_file_matches_the_hash_in_the_provenance():
    provenance = (DATA / "engel_PROVENANCE.md").read_text(encoding="utf-8")
    (recorded,) = re.findall(r"^sha256: `([0-9a-f]{64})`$", provenance, flags=re.MULTILINE)
    assert hashlib.sha256((DATA / "engel.csv").read_bytes()).hexdigest() == recorded


def test_provenance_gives_source_licence_and_citation():
    provenance = (DATA / "engel_PROVENANCE.md").read_text(encoding="utf-8")
    for needed in ("statsmodels", "0.15.0", "This is public domain.", "Koenker", "Econometrica"):
        assert needed in provenance


def test_values_match_a_plain_csv_reader():
    with open(DATA / "engel.csv", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["income", "foodexp"]
    income, food_expenditure = gdlib.load_engel()
    assert income.tolist() == [float(row[0]) for row in rows[1:]]
    assert food_expenditure.tolist() == [float(row[1]) for row in rows[1:]]


def test_values_are_plausible():
    income, food_expenditure = gdlib.load_engel()
    assert income.dtype == food_expenditure.dtype == np.float64
    assert np.all(np.isfinite(income)) and np.all(np.isfinite(food_expenditure))
    assert np.all(income > 0) and np.all(food_expenditure > 0)
    assert np.all(food_expenditure < income)  # no household spends more than it earns on food
    assert income.min() == pytest.approx(377.0584, abs=1e-4)
    assert income.max() == pytest.approx(4957.8130, abs=1e-4)


def test_each_call_returns_fresh_arrays():
    income, _ = gdlib.load_engel()
    income[0] = -1.0
    assert gdlib.load_engel()[0][0] > 0
