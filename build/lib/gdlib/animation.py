r"""Animations that play in a web page with no Python behind it.

Each function draws a small matplotlib figure, turns it into a
:class:`~matplotlib.animation.FuncAnimation` and returns
``IPython.display.HTML(animation.to_jshtml(default_mode="once"))``: every frame is a PNG
embedded in the page together with a little JavaScript player (play, pause, step, slider).
The figure is closed before returning, so a notebook shows the player and no extra
static image. Keep ``frames``, ``figsize`` and ``dpi`` small: the page stores every frame.

Two measures keep pages small and notebooks fast. Everything that does not move (data,
contours, axes, labels) is drawn once and reused as a background picture, so each frame
only draws the moving lines and the title. And every frame is re-encoded as a PNG with a
palette of at most 128 colours, four to five times smaller than matplotlib's full-colour PNG.
"""

from __future__ import annotations

import base64
import io
import re
import warnings
from html import escape

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation, adjusted_figsize
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from PIL import Image

from .descent import History, gradient_descent
from .diagnostics import DivergenceWarning
from .plots import COLORS, plot_cost_contour, plot_data
from .stability import stability_limit
from .stopping import check_history
from .validation import check_int, check_same_length, check_scalar, check_vector

__all__ = ["animate_descent_path", "animate_learning_rates", "animate_line_fit", "frame_epochs"]


def frame_epochs(last_epoch: int, frames: int) -> np.ndarray:
    r"""Up to ``frames`` distinct epochs from 0 to ``last_epoch``, spaced evenly on a log scale.

    Gradient descent changes fast at first and slowly later, so the frames crowd at the
    start: :math:`t_j + 1 \approx (T + 1)^{j/(F-1)}`, rounded and made distinct, from
    epoch 0 to the last epoch :math:`T`.

    Examples
    --------
    >>> frame_epochs(1000, 8).tolist()
    [0, 2, 6, 18, 51, 138, 372, 1000]
    >>> frame_epochs(3, 10).tolist()
    [0, 1, 2, 3]
    """
    last_epoch = check_int("last_epoch", last_epoch, minimum=0)
    frames = check_int("frames", frames, minimum=2)
    count = min(frames, last_epoch + 1)
    targets = np.geomspace(1, last_epoch + 1, count) - 1
    epochs = np.zeros(count, dtype=int)
    for j in range(1, count):  # round, but keep every epoch distinct and leave room after it
        epochs[j] = min(max(round(targets[j]), epochs[j - 1] + 1), last_epoch - (count - 1 - j))
    return epochs


def _check_data(x: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    x, y = check_vector("x", x), check_vector("y", y)
    check_same_length("x", x, "y", y)
    return x, y


def _check_range(name: str, value: object) -> tuple[float, float]:
    try:
        low, high = value  # type: ignore[misc]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (low, high); got {value!r}.") from None
    low, high = check_scalar(name, low), check_scalar(name, high)
    if not low < high:
        raise ValueError(f"{name} must be (low, high) with low < high; got {value!r}.")
    return low, high


# matplotlib's player loads Font Awesome 4 from a CDN for its button icons; the book must
# work offline, so the link is dropped and each icon replaced by a Unicode glyph.
_REMOTE_ICON_FONT = re.compile(r'<link rel="stylesheet"\s+href="https://[^"]*font-awesome[^"]*">')
_ICON = re.compile(r'<i class="fa (fa-[a-z-]+(?: fa-flip-horizontal)?)"></i>')
_GLYPHS = {
    "fa-minus": "\u2212",
    "fa-plus": "+",
    "fa-fast-backward": "\u23ee",
    "fa-step-backward": "\u25c1",
    "fa-play fa-flip-horizontal": "\u25c0",
    "fa-pause": "\u23f8",
    "fa-play": "\u25b6",
    "fa-step-forward": "\u25b7",
    "fa-fast-forward": "\u23ed",
}
_FRAME = re.compile(r'(frames\[\d+\] = "data:image/png;base64,)([^"]*)"')


def _palette_png(match: re.Match) -> str:
    """Re-encode one embedded PNG frame with a palette of at most 128 colours (4-5x smaller)."""
    data = base64.b64decode(match.group(2).replace("\\\n", ""))
    image = Image.open(io.BytesIO(data)).convert("RGB")
    buffer = io.BytesIO()
    image.quantize(colors=128, method=Image.Quantize.FASTOCTREE).save(buffer, format="png")
    return f'{match.group(1)}{base64.b64encode(buffer.getvalue()).decode("ascii")}"'


def _figure(figsize: tuple[float, float], dpi: int, **kwargs) -> plt.Figure:
    """A figure whose size in pixels is even, so that saving frames never resizes it."""
    width, height = adjusted_figsize(*figsize, dpi, 2)
    return plt.figure(figsize=(width, height), dpi=dpi, layout="constrained", **kwargs)


def _freeze_background(fig: plt.Figure, moving: list[Artist]) -> None:
    """Render everything except ``moving`` once, as one image behind the moving artists.

    Every frame then draws a stored picture plus the few artists that change (lines,
    titles), instead of the whole figure with its contours, ticks and labels: several times
    faster. The layout is solved once, here, with the titles as they are now.
    """
    fig.canvas.draw()  # solve the layout (with the current titles) and render once
    fig.set_layout_engine(None)
    for artist in moving:
        artist.set_visible(False)
    fig.canvas.draw()
    background = np.asarray(fig.canvas.buffer_rgba()).copy()
    for artist in moving:
        artist.set_visible(True)
    keep = {*moving, fig.patch}
    for child in fig.get_children():
        if isinstance(child, Axes):
            for grandchild in child.get_children():
                if grandchild not in keep:
                    grandchild.set_visible(False)
        elif child not in keep:
            child.set_visible(False)
    fig.figimage(background, origin="upper", zorder=-10)  # behind every axes


def _to_html(
    fig: plt.Figure, update, n_frames: int, interval: int, alt: str | None, moving: list[Artist]
):
    """Render ``update(0..n_frames-1)`` into an embedded JavaScript player, close ``fig``."""
    from IPython.display import HTML  # imported here: gdlib itself needs no IPython

    try:
        update(n_frames - 1)  # the layout is solved once, with the last frame's titles
        _freeze_background(fig, moving)
        animation = FuncAnimation(fig, update, frames=n_frames, interval=interval, repeat=False)
        # Saving would draw each frame twice: for the screen (draw_idle) and into the PNG.
        # Off screen the first is wasted work; skip it (the figure is closed just below).
        fig.canvas.draw_idle = lambda *args, **kwargs: None
        # Save frames at the figure's own dpi, not the (larger) savefig.dpi of the house style.
        with mpl.rc_context({"savefig.dpi": "figure", "animation.frame_format": "png"}):
            html = animation.to_jshtml(default_mode="once")
    finally:
        plt.close(fig)
    html = _FRAME.sub(_palette_png, html)
    html = _REMOTE_ICON_FONT.sub("", html)  # a network request; icons become text glyphs
    html = _ICON.sub(lambda icon: f'<span aria-hidden="true">{_GLYPHS[icon.group(1)]}</span>', html)
    html = html.replace('<input id="_anim_slider', '<input aria-label="Frame" id="_anim_slider')
    if alt:
        html = html.replace("<img id=", f'<img alt="{escape(alt)}" id=', 1)
        # The player's loop/once/reflect radio buttons sit in a form landmark named
        # "Repetition mode"; two players on one page need two different names.
        html = html.replace(
            'aria-label="Repetition mode"', f'aria-label="Repetition mode: {escape(alt[:60])}"'
        )
    return HTML(html)


def animate_line_fit(
    x: object,
    y: object,
    history: History,
    *,
    frames: int = 36,
    figsize: tuple[float, float] = (5.5, 3.4),
    dpi: int = 72,
    interval: int = 250,
    alt: str | None = None,
):
    r"""Animate the line :math:`y = m_t x + b_t` over the data as the epochs go by.

    Frame :math:`j` shows epoch :math:`t_j` of :func:`frame_epochs`, with :math:`m_t`,
    :math:`b_t` and the MSE in the title.

    Parameters
    ----------
    x, y : array_like, shape (N,)
        The data the run was fitted on.
    history : History
        ``result.history`` of :func:`gdlib.gradient_descent`.
    frames : int, default 36
        Number of frames (fewer if the run has fewer epochs).
    figsize, dpi
        Size of each frame; the defaults keep the page small.
    interval : int, default 250
        Milliseconds between frames when playing.
    alt : str, optional
        Text alternative for the frames, for screen readers.

    Returns
    -------
    IPython.display.HTML
        The animation as HTML with a JavaScript player; ``.data`` is the HTML string.
    """
    x, y = _check_data(x, y)
    history = check_history(history)
    epochs = frame_epochs(len(history.cost) - 1, frames)
    fig = _figure(figsize, dpi)
    ax = fig.add_subplot()
    plot_data(x, y, ax=ax, s=12)
    xs = np.array([min(0.0, x.min()), x.max()])
    (line,) = ax.plot(xs, 0 * xs, color=COLORS["fit"], linewidth=2.5)
    ax.set(xlabel="x", ylabel="y", xlim=(xs[0], xs[1]))
    ax.set_ylim(min(y.min(), 0.0) - 1.0, y.max() + 1.0)
    title = ax.set_title("", y=1.0)  # a fixed position: the axes' decorations are frozen

    def update(frame: int):
        t = epochs[frame]
        m, b = history.m[t], history.b[t]
        line.set_ydata(m * xs + b)
        title.set_text(f"epoch {t}: m = {m:.3f}, b = {b:.3f}, MSE = {history.cost[t]:.3f}")
        return line, title

    return _to_html(fig, update, len(epochs), interval, alt, [line, title])


def animate_descent_path(
    x: object,
    y: object,
    history: History,
    m_range: tuple[float, float],
    b_range: tuple[float, float],
    *,
    frames: int = 36,
    figsize: tuple[float, float] = (5.5, 3.6),
    dpi: int = 72,
    interval: int = 250,
    alt: str | None = None,
):
    r"""Animate the path of :math:`(m_t, b_t)` growing over the contour map of the MSE.

    Frame :math:`j` draws the path from epoch 0 to epoch :math:`t_j` of
    :func:`frame_epochs` and marks the current point.

    Parameters
    ----------
    x, y : array_like, shape (N,)
        The data (they define the cost surface).
    history : History
        ``result.history`` of :func:`gdlib.gradient_descent`.
    m_range, b_range : (float, float)
        The window of slopes (across) and intercepts (up) to show.
    frames, figsize, dpi, interval, alt
        As in :func:`animate_line_fit`.

    Returns
    -------
    IPython.display.HTML
    """
    x, y = _check_data(x, y)
    history = check_history(history)
    m_range, b_range = _check_range("m_range", m_range), _check_range("b_range", b_range)
    epochs = frame_epochs(len(history.cost) - 1, frames)
    fig = _figure(figsize, dpi)
    ax = fig.add_subplot()
    plot_cost_contour(x, y, m_range, b_range, ax=ax)
    ax.set(xlim=m_range, ylim=b_range)
    (path,) = ax.plot([], [], color=COLORS["fit"], linewidth=2)
    (point,) = ax.plot([], [], "o", color=COLORS["fit"], markeredgecolor="white", markersize=8)
    title = ax.set_title("", y=1.0)  # a fixed position: the axes' decorations are frozen

    def update(frame: int):
        t = epochs[frame]
        path.set_data(history.m[: t + 1], history.b[: t + 1])
        point.set_data([history.m[t]], [history.b[t]])
        title.set_text(f"epoch {t}: (m, b) = ({history.m[t]:.3f}, {history.b[t]:.3f})")
        return path, point, title

    return _to_html(fig, update, len(epochs), interval, alt, [path, point, title])


def animate_learning_rates(
    x: object,
    y: object,
    learning_rates: object,
    epochs: int,
    m_range: tuple[float, float],
    b_range: tuple[float, float],
    *,
    w: float = 0.0,
    b: float = 0.0,
    figsize: tuple[float, float] = (8.0, 3.3),
    dpi: int = 72,
    interval: int = 700,
    alt: str | None = None,
):
    r"""One frame per learning rate: the descent path on the contour map and the cost curve.

    Each frame runs :func:`gdlib.gradient_descent` for ``epochs`` epochs from
    :math:`(m, b)` with one learning rate :math:`\eta` and titles it with
    :math:`\eta` as a multiple of the stability limit :math:`2/\lambda_{\max}`. Rates
    above the limit diverge on purpose: their :class:`gdlib.DivergenceWarning` is
    silenced here and the title says "diverges" instead.

    Parameters
    ----------
    x, y : array_like, shape (N,)
        The data.
    learning_rates : array_like, shape (F,)
        The rates to show, one per frame, in order (for example slow to divergent).
    epochs : int
        Epochs per run.
    m_range, b_range : (float, float)
        The window of the contour map.
    w, b : float, default 0.0
        Starting point of every run.
    figsize, dpi, interval, alt
        As in :func:`animate_line_fit`.

    Returns
    -------
    IPython.display.HTML
    """
    x, y = _check_data(x, y)
    rates = check_vector("learning_rates", learning_rates)
    m_range, b_range = _check_range("m_range", m_range), _check_range("b_range", b_range)
    limit = stability_limit(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DivergenceWarning)
        results = [gradient_descent(x, y, rate, epochs, w=w, b=b) for rate in rates]
    costs = np.concatenate([result.history.cost for result in results])
    cost_floor = costs[np.isfinite(costs)].min()

    fig = _figure(figsize, dpi)
    left, right = fig.subplots(1, 2, width_ratios=[1.1, 1])
    title = fig.suptitle("", fontsize=11)
    plot_cost_contour(x, y, m_range, b_range, ax=left, filled=False)
    left.set(xlim=m_range, ylim=b_range)
    (path,) = left.plot([], [], color=COLORS["fit"], linewidth=1.2, marker=".", markersize=3)
    left.plot([w], [b], "o", color=COLORS["dark"], markersize=5)
    (curve,) = right.plot([], [], color=COLORS["fit"])
    right.set(xlabel="epoch", ylabel="MSE", yscale="log", xlim=(0, epochs))
    right.set_ylim(cost_floor / 2, max(results[0].history.cost[0], cost_floor) * 20)

    def update(frame: int):
        result = results[frame]
        path.set_data(result.history.m, result.history.b)
        curve.set_data(np.arange(len(result.history.cost)), result.history.cost)
        verdict = "diverges" if result.diverged else f"MSE after {epochs} epochs {result.cost:.3g}"
        title.set_text(
            f"learning rate {rates[frame]:.4g} = {rates[frame] / limit:.2f} × limit: {verdict}"
        )
        return path, curve, title

    return _to_html(fig, update, len(rates), interval, alt, [path, curve, title])
