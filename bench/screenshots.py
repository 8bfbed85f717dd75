"""Screenshots of every web page into docs/screenshots/: desktop 1280 px light for all, plus
dark and phone (390 px) for the key pages. The app runs over a fresh data folder seeded through
the API (a few answers and ratings, a plan, a finished mock interview) so pages are not empty.
A page that answers with an error status stops the script (exit 1, naming the URL), so an error
page is never saved as a screenshot.

    python bench/screenshots.py            # writes docs/screenshots/*.png
    python bench/screenshots.py --out DIR  # somewhere else
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import urllib.request
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from webserver import REPO, running_app

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
KEY_PAGES = {
    "dashboard", "practice-feedback", "challenge", "interview-turn", "scorecard", "plan", "bank",
}  # fmt: skip
ANSWER = (
    "Dropout zeroes random activations during training so units cannot co-adapt, like an "
    "ensemble of thinned networks; at inference every unit is kept and scaled."
)


def post(base: str, path: str, body: dict[str, object]) -> dict[str, object]:
    request = urllib.request.Request(
        base + path, json.dumps(body).encode(), {"content-type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        data: dict[str, object] = json.loads(response.read() or b"{}")
        return data


def seed(base: str) -> str:
    """Practice history, a plan and a finished interview; returns the interview's id."""
    for item in ("dropout-regularization", "knn-basics", "bias-variance-tradeoff"):
        post(base, f"/api/practice/{item}/answer", {"answer": ANSWER})
        post(base, f"/api/practice/{item}/rate", {"rating": "Good"})
    plan = post(base, "/api/plan", {"interview_date": _in_weeks(5), "hours_per_week": 6})
    assert plan["weeks"]
    started = post(base, "/api/interviews", {"blueprint": "phone-screen", "seed": 7})
    sid = str(started["session_id"])
    with urllib.request.urlopen(f"{base}/api/interviews/{sid}", timeout=120):
        pass
    post(base, f"/api/interviews/{sid}/submit", {"answer": ANSWER})
    post(base, f"/api/interviews/{sid}/finish", {})
    return sid


def _in_weeks(weeks: int) -> str:
    from datetime import date, timedelta

    return (date.today() + timedelta(weeks=weeks)).isoformat()


def pages(base: str, sid: str, tab: Page) -> dict[str, str]:
    """name -> URL; some pages are reached by acting in the page first (see `prepare`)."""
    started = post(base, "/api/interviews", {"blueprint": "phone-screen", "seed": 11})
    return {
        "dashboard": "/",
        "practice": "/practice",
        "practice-feedback": "/practice/dropout-regularization",
        "challenges": "/challenges",
        "challenge": "/challenges/softmax",
        "design": "/design/ad-click-prediction",
        "behavioral": "/behavioral/project-failure",
        "stories": "/behavioral/stories",
        "interview": "/interview",
        "interview-turn": f"/interview/{started['session_id']}",
        "scorecard": f"/interview/{sid}/scorecard",
        "plan": "/plan",
        "bank": "/bank?q=gradient",
        "bank-item": "/bank/attention-scaled-dot-product",
    }


class PageFailed(Exception):
    """A page answered with an error status (or not at all) instead of the page to shoot."""


def visit(tab: Page, url: str) -> None:
    """Open `url`; a 4xx/5xx answer (after any redirect) raises PageFailed naming it."""
    response = tab.goto(url)
    if response is not None and response.status < 400:
        return
    answer = f"status {response.status} from {response.url}" if response else "no response"
    raise PageFailed(
        f"{url} gave {answer}; fix its URL in pages() (or the page) so that no error page is "
        "saved as a screenshot"
    )


def prepare(name: str, tab: Page) -> None:
    if name == "practice-feedback":
        tab.fill("#answer", ANSWER)
        tab.get_by_role("button", name="Grade my answer").click()
        tab.locator("#feedback .result").wait_for(timeout=60_000)
    if name == "design":
        tab.locator("details.step summary").first.click()
        tab.locator("details.step textarea").first.fill("Who uses it, latency budget, metric.")


def shoot(browser: Browser, base: str, out: Path, sid: str) -> list[Path]:
    written = []
    variants = [("", DESKTOP, "light")]
    for suffix, viewport, scheme in [
        *variants,
        ("-dark", DESKTOP, "dark"),
        ("-phone", PHONE, "light"),
    ]:
        context = browser.new_context(
            base_url=base,
            viewport=viewport,
            color_scheme=scheme,
            device_scale_factor=1,  # type: ignore[arg-type]
        )
        tab = context.new_page()
        for name, url in pages(base, sid, tab).items():
            if suffix and name not in KEY_PAGES:
                continue
            visit(tab, url)
            prepare(name, tab)
            path = out / f"{name}{suffix}.png"
            tab.screenshot(path=str(path), full_page=False)
            written.append(path)
        context.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="mlcoach-shots-") as data,
        running_app(Path(data), {"MLCOACH_USER_NAME": "screenshots"}) as base,
    ):
        sid = seed(base)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            try:
                written = shoot(browser, base, args.out, sid)
            except PageFailed as exc:
                sys.exit(f"screenshots: {exc}")
            finally:
                browser.close()
    for path in written:
        print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}  "
              f"{path.stat().st_size // 1024} KB")  # fmt: skip


if __name__ == "__main__":
    main()
