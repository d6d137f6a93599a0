"""The dashboard in a real browser: Debian's chromium driven by Playwright against `streamlit run`."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import sync_playwright

from abs.paths import data_dir

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# page path, heading, number of plotly charts drawn
PAGES = [
    ("", "Analyse des besoins sociaux — Aurillac", 0),
    ("commune", "Aurillac : portrait", 1),
    ("quartiers", "Quartiers et IRIS", 3),
    ("enjeux", "Enjeux du diagnostic et plans d'actions", 2),
    ("projet", "Projet municipal de cohésion sociale 2022-2026", 0),
    ("atelier", "Déclin démographique", 1),
    ("sources", "Données et sources", 0),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`streamlit run app.py` on a free local port, on a copy of data/; stopped by its own process id."""
    data = tmp_path_factory.mktemp("browser") / "data"
    shutil.copytree(data_dir(), data)
    port = free_port()
    env = {**os.environ, "ABS_DATA_DIR": str(data)}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("streamlit did not become healthy in 60 s: " + proc.stderr.read().decode()[-2000:])
    yield url
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def wait_for_page(page, heading: str, charts: int) -> None:
    """Wait until the script has finished: the heading is there and every chart has drawn its SVG paths."""
    page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
    page.wait_for_function(
        """n => document.querySelectorAll('.js-plotly-plot').length >= n
               && [...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelectorAll('path').length > 0)
               && !document.querySelector('[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]')""",
        arg=charts, timeout=60_000)
    page.wait_for_timeout(500)


@pytest.mark.parametrize("path,heading,charts", PAGES, ids=[p or "synthese" for p, _, _ in PAGES])
def test_every_page_draws_in_chromium_with_no_outside_request(server, browser, path, heading, charts):
    ARTIFACTS.mkdir(exist_ok=True)
    # Streamlit scrolls inside its own container: a tall window is what shows a whole page on the screenshot.
    page = browser.new_page(viewport={"width": 1400, "height": 2600})
    outside = []
    page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in {"127.0.0.1", "localhost", None}
            and not r.url.startswith(("data:", "blob:")) else None)
    page.goto(f"{server}/{path}")
    wait_for_page(page, heading, charts)
    page.screenshot(path=str(ARTIFACTS / f"page-{path or 'synthese'}.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator(".js-plotly-plot").count() == charts
    assert outside == [], outside
    nav = page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
    if path != "atelier":
        assert [n.split("\n")[-1] for n in nav] == ["Synthèse", "Commune", "Quartiers", "Enjeux et plans d'actions",
                                                  "Projet municipal", "Atelier", "Données et sources"]
    page.close()


def test_cantal_map_draws_every_commune(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/quartiers")
    wait_for_page(page, "Quartiers et IRIS", 3)
    the_map = page.locator(".js-plotly-plot").nth(2)
    the_map.scroll_into_view_if_needed()
    legend = the_map.locator(".legendtext").all_text_contents()
    assert legend[-1] == "Aurillac" and "non disponible" in legend
    assert the_map.locator("path.js-fill").count() >= 5
    the_map.screenshot(path=str(ARTIFACTS / "map-cantal.png"))
    page.close()
