"""Server-side time of a full rerun of each page (AppTest, median of several runs) and time from
navigation to a fully drawn page in headless Chromium, each against a baseline measured in the same run:
a one-line Streamlit script (the floor of Streamlit itself).

    python bench/bench_pages.py [--runs 7]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

PAGES = ["synthese", "commune", "quartiers", "enjeux", "projet", "atelier", "sources"]
BASELINE = "import streamlit as st\nst.title('Base')\n"


def rerun_median(at: AppTest, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t)
        assert not at.exception, [e.value for e in at.exception]
    return statistics.median(times)


def apptest_reruns(runs: int) -> tuple[float, dict[str, float]]:
    with tempfile.TemporaryDirectory() as d:
        base_script = Path(d) / "baseline.py"
        base_script.write_text(BASELINE)
        base = AppTest.from_file(str(base_script), default_timeout=60)
        base.run()
        baseline = rerun_median(base, runs)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    out = {}
    for page in PAGES:
        at.switch_page(f"pages/{page}.py")
        at.run()  # first run of the page: caches fill
        out[page] = rerun_median(at, runs)
    return baseline, out


def browser_draw() -> tuple[float, dict[str, float]]:
    sys.path.insert(0, str(ROOT / "tests"))
    import subprocess, os, signal, urllib.request  # noqa: E401
    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM, CHROMIUM_ARGS, PAGES as BPAGES, free_port, wait_for_page

    def serve(script: Path):
        port = free_port()
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
                                 "--server.address", "127.0.0.1", "--server.headless", "true"], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                    return proc, url
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("server did not start")

    with tempfile.TemporaryDirectory() as d, sync_playwright() as p:
        base_script = Path(d) / "baseline.py"
        base_script.write_text(BASELINE)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        results, procs = {}, []
        try:
            proc, url = serve(base_script)
            procs.append(proc)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t = time.perf_counter()
            page.goto(url)
            wait_for_page(page, "Base", 0)
            baseline = time.perf_counter() - t - 0.5
            proc, url = serve(ROOT / "app.py")
            procs.append(proc)
            # One browser context, as a user moving between pages: its HTTP cache keeps plotly.js.
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            for path, heading, charts in BPAGES:
                t = time.perf_counter()
                page.goto(f"{url}/{path}")
                wait_for_page(page, heading, charts)
                results[path or "synthese"] = time.perf_counter() - t - 0.5  # wait_for_page settles 0.5 s
            context.close()
        finally:
            browser.close()
            for proc in procs:
                os.killpg(proc.pid, signal.SIGTERM)
    return baseline, results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    baseline, reruns = apptest_reruns(args.runs)
    print(f"AppTest rerun, median of {args.runs} (baseline one-line script: {baseline * 1000:.0f} ms)")
    for page, t in reruns.items():
        print(f"  {page:10s} {t * 1000:7.0f} ms   ratio {t / baseline:5.1f}   {'OK' if t < 0.3 else 'OVER 300 ms'}")
    if not args.no_browser:
        base, drawn = browser_draw()
        print(f"Navigation to fully drawn page in headless Chromium, one browser context, pages in order, the first one"
              f" on a server just healthy (baseline one-line app: {base * 1000:.0f} ms)")
        for page, t in drawn.items():
            print(f"  {page:10s} {t * 1000:7.0f} ms   ratio {t / base:5.1f}   {'OK' if t < 3 else 'OVER 3 s'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
