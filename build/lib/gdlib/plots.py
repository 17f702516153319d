"""The book's house style and the figures its chapters reuse.

Colours are the Okabe-Ito palette, which stays distinguishable for colour-blind readers.
Every function draws on the axes it is given (or the current axes) and returns them, so a
chapter can add labels, legends or more layers before ``plt.show()``.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from .loss import mse_gradient_grid, mse_grid
from .validation import check_int, check_same_length, check_scalar, check_vector

__all__ = [
    "COLORS",
    "plot_cost_contour",
    "plot_cost_history",
    "plot_cost_surface",
    "plot_data",
    "plot_gradient_field",
    "plot_line",
    "plot_path",
    "plot_residuals",
    "use_house_style",
]

#: Okabe-Ito colours by role.
COLORS = {
    "data": "#0072B2",  # blue
    "fit": "#D55E00",  # vermillion
    "true": "#009E73",  # bluish green
    "residual": "#CC79A7",  # reddish purple
    "accent": "#E69F00",  # orange
    "muted": "#56B4E9",  # sky blue
    "dark": "#000000",
    "extra": "#F0E442",  # yellow
}


def use_house_style() -> None:
    """Set matplotlib defaults for every figure of the book (size, fonts, colours, grid)."""
    mpl.rcParams.update(
        {
            "figure.figsize": (6.4, 4.0),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "font.size": 11,
            "axes.titlesize": 12,
            "axes.labelsize": 11,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": mpl.cycler(
                color=[COLORS[k] for k in ("data", "fit", "true", "residual", "accent", "muted")]
            ),
            "lines.linewidth": 2.0,
            "legend.frameon": False,
            "image.cmap": "viridis",
        }
    )


def plot_data(
    x: object, y: object, *, ax: plt.Axes | None = None, label: str = "data", **kwargs
) -> plt.Axes:
    """Scatter the data points ``(x_i, y_i)``."""
    x, y = check_vector("x", x), check_vector("y", y)
    check_same_length("x", x, "y", y)
    ax = plt.gca() if ax is None else ax
    style = {"color": COLORS["data"], "s": 22, "alpha": 0.8, "zorder": 3} | kwargs
    ax.scatter(x, y, label=label, **style)
    return ax


def plot_line(
    m: float,
    b: float,
    *,
    ax: plt.Axes | None = None,
    x_range: tuple[float, float] | None = None,
    label: str | None = None,
    **kwargs,
) -> plt.Axes:
    """Draw the line ``y = m x + b`` across ``x_range`` (default: the current x-limits)."""
    m, b = check_scalar("m", m), check_scalar("b", b)
    ax = plt.gca() if ax is None else ax
    lo, hi = ax.get_xlim() if x_range is None else x_range
    xs = np.array([lo, hi])
    if label is None:
        label = f"y = {m:.2f} x + {b:.2f}"
    ax.plot(xs, m * xs + b, label=label, **({"color": COLORS["fit"]} | kwargs))
    if x_range is None:
        ax.set_xlim(lo, hi)
    return ax


def plot_residuals(
    x: object, y: object, m: float, b: float, *, ax: plt.Axes | None = None, **kwargs
) -> plt.Axes:
    """Draw each residual ``y_i - (m x_i + b)`` as a vertical segment from line to point."""
    x, y = check_vector("x", x), check_vector("y", y)
    check_same_length("x", x, "y", y)
    m, b = check_scalar("m", m), check_scalar("b", b)
    ax = plt.gca() if ax is None else ax
    style = {"color": COLORS["residual"], "linewidth": 1.2, "alpha": 0.9} | kwargs
    ax.vlines(x, m * x + b, y, label="residuals", **style)
    return ax


def _round_log_ticks(low: float, high: float) -> list[float]:
    """Round values 1, 3, 10, 30, ... (times powers of ten) between ``low`` and ``high``."""
    powers = range(int(np.floor(np.log10(low))), int(np.ceil(np.log10(high))) + 1)
    ticks = [c * 10.0**p for p in powers for c in (1, 3) if low <= c * 10.0**p <= high]
    return ticks if len(ticks) >= 2 else [low, high]


def plot_cost_contour(
    x: object,
    y: object,
    m_range: tuple[float, float],
    b_range: tuple[float, float],
    *,
    ax: plt.Axes | None = None,
    levels: int | object = 20,
    resolution: int = 200,
    filled: bool = True,
    colorbar: bool = True,
) -> plt.Axes:
    """Contour map of ``MSE(m, b)``: slope ``m`` across, intercept ``b`` up.

    Levels are spaced on a log scale by default, so both the steep walls and the flat
    floor of the bowl show. Returns the axes; the colour bar (``colorbar=False`` to leave it
    out, e.g. where only the shape of the bowl matters) is labelled "MSE (log scale)", with
    round ticks (1, 3, 10, 30, ...).
    """
    m_values = np.linspace(*m_range, resolution)
    b_values = np.linspace(*b_range, resolution)
    cost = mse_grid(x, y, m_values, b_values)
    ax = plt.gca() if ax is None else ax
    if isinstance(levels, int):
        levels = np.geomspace(cost.min() * 1.01, cost.max(), levels)
    norm = mpl.colors.LogNorm(levels[0], levels[-1])
    if filled:
        contours = ax.contourf(m_values, b_values, cost, levels=levels, norm=norm, alpha=0.85)
        if colorbar:
            bar = ax.figure.colorbar(contours, ax=ax, label="MSE (log scale)")
            bar.set_ticks(_round_log_ticks(levels[0], levels[-1]))
            bar.set_ticklabels([f"{tick:g}" for tick in bar.get_ticks()])
            bar.minorticks_off()
    ax.contour(
        m_values,
        b_values,
        cost,
        levels=levels,
        colors="white" if filled else None,
        norm=None if filled else norm,
        linewidths=0.5,
        alpha=0.6,
    )
    ax.set(xlabel="slope m", ylabel="intercept b")
    ax.grid(False)
    return ax


def plot_path(
    m: object,
    b: object,
    *,
    ax: plt.Axes | None = None,
    label: str | None = "descent path",
    markevery: int | None = None,
    optimum: tuple[float, float] | None = None,
    **kwargs,
) -> plt.Axes:
    """Draw a path of parameters ``(m[i], b[i])`` (e.g. ``result.history.m, result.history.b``).

    The book's markers: the start is an open square and the end of the run a filled circle,
    both in the path's colour; ``optimum=(m_star, b_star)``, if given, is a black star (the
    star always means the optimum, never the end of a run).
    """
    m, b = check_vector("m", m), check_vector("b", b)
    check_same_length("m", m, "b", b)
    ax = plt.gca() if ax is None else ax
    style = {"color": COLORS["fit"], "linewidth": 1.5, "marker": ".", "markersize": 4} | kwargs
    if markevery is not None:
        style["markevery"] = markevery
    (line,) = ax.plot(m, b, label=label, **style)
    color = line.get_color()
    ax.plot(m[0], b[0], "s", color=color, markerfacecolor="none", markersize=7)
    ax.plot(m[-1], b[-1], "o", color=color, markersize=7, markeredgecolor="black")
    if optimum is not None:
        m_star, b_star = (
            check_scalar("optimum[0]", optimum[0]),
            check_scalar("optimum[1]", optimum[1]),
        )
        ax.plot(m_star, b_star, "*", color="black", markersize=14, markeredgecolor="white")
    return ax


def plot_cost_history(
    cost: object,
    *,
    ax: plt.Axes | None = None,
    log: bool = False,
    label: str | None = None,
    **kwargs,
) -> plt.Axes:
    """Plot the cost per epoch (``result.history.cost``), optionally on a log scale."""
    cost = np.asarray(cost, dtype=float)
    ax = plt.gca() if ax is None else ax
    ax.plot(np.arange(len(cost)), cost, label=label, **kwargs)
    ax.set(xlabel="epoch", ylabel="MSE")
    if log:
        ax.set_yscale("log")
    return ax


def plot_cost_surface(
    x: object,
    y: object,
    m_range: tuple[float, float],
    b_range: tuple[float, float],
    *,
    ax: plt.Axes | None = None,
    resolution: int = 60,
    elev: float = 30.0,
    azim: float = -60.0,
    **kwargs,
) -> plt.Axes:
    r"""The cost as a 3-D surface: height :math:`\mathrm{MSE}(m, b)` over the ``(m, b)`` plane.

    Uses :func:`gdlib.mse_grid` on a ``resolution`` x ``resolution`` grid. ``ax`` must be a
    3-D axes (``fig.add_subplot(projection="3d")``); by default the current axes if it is
    3-D, else a new 3-D axes on the current figure. ``elev`` and ``azim`` set the viewpoint
    in degrees; other keyword arguments go to ``plot_surface``.
    """
    m_values = np.linspace(*m_range, resolution)
    b_values = np.linspace(*b_range, resolution)
    cost = mse_grid(x, y, m_values, b_values)
    if ax is None:
        figure = plt.gcf()
        current = figure.axes[-1] if figure.axes else None
        ax = current if current is not None and current.name == "3d" else None
        ax = figure.add_subplot(projection="3d") if ax is None else ax
    if ax.name != "3d":
        raise ValueError("ax must be a 3-D axes; create one with fig.add_subplot(projection='3d').")
    M, B = np.meshgrid(m_values, b_values)
    style = {"cmap": "viridis", "linewidth": 0, "antialiased": True, "alpha": 0.9} | kwargs
    ax.plot_surface(M, B, cost, **style)
    ax.set(xlabel="slope m", ylabel="intercept b")
    ax.set_zlabel("MSE", labelpad=10)
    ax.view_init(elev=elev, azim=azim)
    return ax


def plot_gradient_field(
    x: object,
    y: object,
    m_range: tuple[float, float],
    b_range: tuple[float, float],
    *,
    ax: plt.Axes | None = None,
    n: int = 9,
    normalize: bool = True,
    **kwargs,
) -> plt.Axes:
    r"""Arrows of the negative gradient :math:`-\nabla \mathrm{MSE}(m, b)` on an ``n`` x ``n`` grid.

    Each arrow points in the direction of steepest descent,
    :math:`-\bigl(\frac{\partial\,\mathrm{MSE}}{\partial m},
    \frac{\partial\,\mathrm{MSE}}{\partial b}\bigr)`, drawn in the axes' data coordinates
    (so it looks perpendicular to the contour lines when ``ax.set_aspect("equal")``).
    With ``normalize=True`` (default) every arrow has the same length on the page, about
    0.8 grid cells, and shows only the direction; with ``normalize=False`` lengths are
    proportional to the gradient's size, the longest spanning 0.8 cells. Draw it over
    :func:`plot_cost_contour`; other keyword arguments go to ``ax.quiver``.
    """
    x, y = check_vector("x", x), check_vector("y", y)
    check_same_length("x", x, "y", y)
    n = check_int("n", n, minimum=2, advice="n is the number of arrows per side.")
    m_values = np.linspace(*m_range, n)
    b_values = np.linspace(*b_range, n)
    M, B = np.meshgrid(m_values, b_values)
    dm, db = mse_gradient_grid(x, y, M, B)
    # Measure arrows in grid cells, so that equal lengths look equal on the page whatever
    # the scales of m and b; the direction in data coordinates is unchanged.
    cell_m, cell_b = m_values[1] - m_values[0], b_values[1] - b_values[0]
    u, v = -dm / cell_m, -db / cell_b
    length = np.hypot(u, v)
    if not normalize:  # one common scale: the longest arrow becomes 1 cell
        length = np.full_like(length, length.max())
    scale = np.divide(1.0, length, out=np.zeros_like(length), where=length > 0)
    ax = plt.gca() if ax is None else ax
    style = {
        "color": COLORS["dark"],
        "angles": "xy",
        "scale_units": "xy",
        "scale": 1.0,
        "width": 0.004,
        "zorder": 4,
    } | kwargs
    ax.quiver(M, B, 0.8 * cell_m * u * scale, 0.8 * cell_b * v * scale, **style)
    return ax
