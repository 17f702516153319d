r"""The Palmer penguins: a real two-class data set for logistic regression (chapter 15).

Body measurements of 344 penguins of three species (Adelie, Chinstrap, Gentoo) on three
islands of the Palmer Archipelago, Antarctica, 2007-2009 (Gorman, Williams and Fraser
2014), shipped inside gdlib as ``gdlib/data/penguins.csv`` under the CC0 public-domain
dedication. Where the file comes from: ``gdlib/data/penguins_PROVENANCE.md``.
"""

from __future__ import annotations

import csv
from importlib import resources

import numpy as np

__all__ = ["PENGUIN_FEATURES", "PENGUIN_SPECIES", "load_penguins"]

#: The numeric columns of the file, usable as ``features``.
PENGUIN_FEATURES = ("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g")
#: The three species, usable in ``species``.
PENGUIN_SPECIES = ("Adelie", "Chinstrap", "Gentoo")


def _read_rows() -> list[dict[str, str]]:
    with resources.files("gdlib").joinpath("data", "penguins.csv").open("r", newline="") as file:
        return list(csv.DictReader(file))


def load_penguins(
    *,
    species: tuple[str, str] = ("Adelie", "Chinstrap"),
    features: str | tuple[str, ...] = ("bill_length_mm", "bill_depth_mm"),
) -> tuple[np.ndarray, np.ndarray]:
    r"""Two species of penguin as a binary classification problem, read offline.

    Keeps the penguins of the two ``species`` whose chosen ``features`` are all recorded
    (the file marks a missing value ``NA``), in file order. The label is 1 for the second
    species and 0 for the first.

    Parameters
    ----------
    species : (str, str), default ("Adelie", "Chinstrap")
        Class 0 and class 1; two different names from :data:`PENGUIN_SPECIES`.
    features : str or tuple of str, default ("bill_length_mm", "bill_depth_mm")
        Columns from :data:`PENGUIN_FEATURES`. A single name gives a 1-D ``x``.

    Returns
    -------
    X : numpy.ndarray, shape (N, k), or x of shape (N,) for a single feature name
        The measurements (millimetres, or grams for body mass).
    y : numpy.ndarray, shape (N,)
        0.0 for ``species[0]``, 1.0 for ``species[1]``.

    Examples
    --------
    >>> X, y = load_penguins()
    >>> X.shape, int(y.sum())
    ((219, 2), 68)
    >>> x, y = load_penguins(species=("Adelie", "Gentoo"), features="flipper_length_mm")
    >>> x.shape
    (274,)
    """
    if isinstance(species, str) or len(species) != 2:
        raise ValueError(
            f"species must name two species, class 0 then class 1, for example "
            f"('Adelie', 'Chinstrap'); got {species!r}."
        )
    for name in species:
        if name not in PENGUIN_SPECIES:
            raise ValueError(f"species {name!r} is not in the data; choose from {PENGUIN_SPECIES}.")
    if species[0] == species[1]:
        raise ValueError(f"species must be two different names; got {species!r}.")
    one = isinstance(features, str)
    columns = (features,) if one else tuple(features)
    if not columns:
        raise ValueError("features is empty; name at least one column of PENGUIN_FEATURES.")
    for name in columns:
        if name not in PENGUIN_FEATURES:
            raise ValueError(
                f"feature {name!r} is not a numeric column; choose from {PENGUIN_FEATURES}."
            )
    rows = [
        row
        for row in _read_rows()
        if row["species"] in species and all(row[c] != "NA" for c in columns)
    ]
    X = np.array([[float(row[c]) for c in columns] for row in rows])
    y = np.array([float(row["species"] == species[1]) for row in rows])
    return (X[:, 0].copy() if one else X), y
