"""Every page of the table of contents, as a first-time reader's browser sees it, offline."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .browsing import (
    AXE_MIN_VERSION,
    RAW_TEX,
    THEME_AXE_EXCLUSIONS,
    WEIGHT_BUDGET,
    file_for,
    is_known_axe_finding,
    parse_html,
)

pytestmark = [pytest.mark.browser, pytest.mark.build]


def test_page_loads_offline_without_console_errors(visits, page):
    visit = visits(page)
    assert not visit.blocked_remote_requests, (
        f"{page} needs the network: it requested {visit.blocked_remote_requests}"
    )
    assert not visit.remote_resources, (
        f"{page} loads resources from other hosts: {visit.remote_resources}"
    )
    assert not visit.failed_requests, f"{page}: failed requests {visit.failed_requests}"
    assert not visit.console_errors, f"{page}: console errors {visit.console_errors}"


def test_math_is_typeset(visits, page):
    math = visits(page).math
    assert not math["untypeset"], f"{page}: math MathJax left untypeset: {math['untypeset'][:5]}"
    assert not math["errors"], f"{page}: MathJax reported TeX errors: {math['errors'][:5]}"
    if math["count"]:
        assert math["mathjax"], f"{page} has math but MathJax did not load"
        assert math["typeset"] >= math["count"]
    leftovers = [m.group(0)[:80] for m in RAW_TEX.finditer(math["text"])]
    assert not leftovers, f"{page}: raw TeX left in the text: {leftovers[:5]}"


def test_images_load_and_have_alt_text(visits, page):
    images = visits(page).images
    broken = [image["src"] for image in images if not image["naturalWidth"]]
    assert not broken, f"{page}: images that did not load: {broken}"
    no_alt = [image["src"][:80] for image in images if not (image["alt"] or "").strip()]
    assert not no_alt, f"{page}: images without alt text: {no_alt}"


def test_internal_links_and_anchors_resolve(visits, page, site_dir: Path, site_url: str):
    visit = visits(page)
    problems = []
    for link in visit.links:
        url = link["url"]
        if not url.startswith(site_url):
            continue  # other hosts (reported, not followed), mailto:, javascript:
        target = file_for(site_dir, url)
        if not target.is_file():
            problems.append(f"{link['href']!r} -> missing {target.relative_to(site_dir)}")
            continue
        fragment = unquote(urlsplit(url).fragment)
        if fragment and target.suffix == ".html" and fragment not in parse_html(target).ids:
            problems.append(f"{link['href']!r} -> no id {fragment!r} in {target.name}")
    assert not problems, f"{page}: broken internal links:\n" + "\n".join(problems)


def test_no_accessibility_violation(visits, page):
    """axe-core (the vendored current release) finds no violation of any impact."""
    visit = visits(page)
    version = tuple(int(part) for part in visit.axe_version.split(".")[:2])
    assert version >= AXE_MIN_VERSION, f"axe-core {visit.axe_version} is older than 4.14"
    found = [
        v
        for v in visit.axe_violations
        if v["id"] not in THEME_AXE_EXCLUSIONS and not is_known_axe_finding(v)
    ]
    assert not found, f"{page}: axe-core violations:\n" + "\n".join(
        f"{v['id']} ({v['impact']}, {v['mode']} mode): {v['help']} at {v['targets'][:3]}"
        for v in found
    )


def test_first_visit_weight_is_within_budget(visits, page):
    visit = visits(page)
    assert visit.weight > 0
    assert visit.weight <= WEIGHT_BUDGET, (
        f"{page}: a first visit transfers {visit.weight:,} bytes (budget {WEIGHT_BUDGET:,}); "
        f"heaviest: {visit.heaviest}"
    )


def test_screenshot_is_saved(visits, page):
    shot = Path(visits(page).screenshot)
    assert shot.is_file() and shot.stat().st_size > 10_000, f"{page}: no screenshot at {shot}"
