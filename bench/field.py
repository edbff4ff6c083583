"""Field capture budgets (issue "field capture"), measured in Chromium with its network emulation
(CDP ``Network.emulateNetworkConditions``) against gunicorn (bench/harness.py):

- the first load of a field form (a signed-in officer, nothing in the browser's caches):
  bytes transferred and the time to the ``load`` event on Fast 3G;
- a repeat visit of the form without a connection (served by the service worker);
- a donation with two 4 MB camera photos sent over Fast 3G, from the tap on "Save and submit"
  to the entry's page (the photos are made smaller on the phone first);
- all JavaScript, gzipped.

    python bench/field.py [--database-url URL]

Fast 3G as the issue gives it: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.entities import Donation  # noqa: E402
from bench.harness import Server  # noqa: E402
from bench.load import DATA, make_app, prepare  # noqa: E402

FAST_3G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_600_000 / 8,
    "uploadThroughput": 750_000 / 8,
}
CHROMIUM = os.environ.get("OUTREACH_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
REPEATS = 5
JS = ROOT / "outreach" / "static" / "js"


def camera_photo(seed: int, target: int = 4 * 1024 * 1024) -> bytes:
    """A JPEG of noise about ``target`` bytes, as large as a phone camera's."""
    from PIL import Image

    rng = random.Random(seed)
    side = 1600
    while True:
        image = Image.frombytes("RGB", (side * 4 // 3, side), rng.randbytes(side * side * 4))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=90)
        if out.tell() >= target:
            return out.getvalue()
        side += 100


def js_sizes() -> dict:
    files = sorted(JS.glob("*.js"))
    raw = sum(f.stat().st_size for f in files)
    gz = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    return {"files": [f.name for f in files], "bytes": raw, "gzip_bytes": gz}


def _sign_in(page, base: str, ctx) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=email]", ctx.email)
    page.fill("input[name=password]", ctx.password)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def _counting(cdp) -> dict:
    """Bytes on the wire (encodedDataLength) of every request the page makes."""
    seen = {"bytes": 0, "requests": 0, "encodings": set()}

    def finished(event):
        seen["bytes"] += int(event.get("encodedDataLength", 0))
        seen["requests"] += 1

    def response(event):
        headers = {k.lower(): v for k, v in event["response"].get("headers", {}).items()}
        if "html" in headers.get("content-type", "") or "javascript" in headers.get(
            "content-type", ""
        ):
            seen["encodings"].add(headers.get("content-encoding", "none"))

    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.responseReceived", response)
    return seen


def first_load(browser, base: str, ctx) -> dict:
    """A signed-in officer opens a field form with empty caches, on Fast 3G."""
    url = f"{base}/sites/{ctx.site_id}/activities/new/donation"
    runs = []
    for _ in range(REPEATS):
        context = browser.new_context(service_workers="block")
        page = context.new_page()
        _sign_in(page, base, ctx)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.clearBrowserCache")
        cdp.send("Network.emulateNetworkConditions", FAST_3G)
        seen = _counting(cdp)
        started = time.perf_counter()
        page.goto(url, wait_until="load")
        runs.append((time.perf_counter() - started, seen["bytes"], seen["requests"]))
        encodings = sorted(seen["encodings"])
        context.close()
    return {
        "seconds_p50": round(statistics.median(r[0] for r in runs), 2),
        "bytes": runs[-1][1],
        "requests": runs[-1][2],
        "content_encoding": encodings,
    }


def offline_repeat(browser, base: str, ctx) -> dict:
    """The form again, without a connection, after one visit (the service worker's copy)."""
    url = f"{base}/sites/{ctx.site_id}/activities/new/donation"
    context = browser.new_context()
    page = context.new_page()
    _sign_in(page, base, ctx)
    page.goto(url)
    page.wait_for_function("() => document.documentElement.dataset.offline === 'ready'")
    page.reload()  # a page opened while the worker was installing is not yet its client
    page.wait_for_function(
        "() => !!navigator.serviceWorker.controller",
        timeout=60000,
    )
    context.set_offline(True)
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        page.goto(url, wait_until="load")
        times.append(time.perf_counter() - started)
    context.close()
    return {"seconds_p50": round(statistics.median(times), 3), "seconds_max": round(max(times), 3)}


def donation_with_photos(browser, base: str, ctx, folder: Path) -> dict:
    """A donation with two 4 MB photos, sent over Fast 3G; from the tap to the entry's page."""
    photos = []
    for n in (1, 2):
        path = folder / f"IMG_{n:04d}.jpg"
        path.write_bytes(camera_photo(n))
        photos.append(path)
    context = browser.new_context()
    page = context.new_page()
    _sign_in(page, base, ctx)
    page.goto(f"{base}/sites/{ctx.site_id}/activities/new/donation")
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", FAST_3G)
    page.fill("input[name=title]", "Bench donation with photos")
    page.select_option("select[name=motivation]", "charitable_gift")
    page.select_option("select[name=cause]", "education")
    page.select_option("select[name=donation_form]", "in_kind")
    page.fill("input[name=in_kind_description]", "Textbooks")
    page.fill("input[name=in_kind_value]", "500")
    page.select_option("select[name=valuation]", "purchase_price")
    page.fill("input[name=beneficiaries]", "40")
    page.select_option("select[name=beneficiary_id]", index=1)
    started = time.perf_counter()
    page.set_input_files("input[name=attachment]", [str(p) for p in photos])
    page.locator(".photos li").nth(1).wait_for(timeout=60000)
    prepared = time.perf_counter() - started
    sizes = page.evaluate(
        "() => [...document.querySelectorAll('.photos li')].map(li => li.textContent)"
    )
    sent_at = time.perf_counter()
    page.click("button[value=submit]")
    page.locator("img.thumb, p.error").nth(0).wait_for(timeout=120000)
    refused = page.locator("p.error").all_inner_texts()
    if refused:
        raise RuntimeError(f"the donation was refused: {refused}")
    page.locator("img.thumb").nth(1).wait_for(timeout=60000)
    done = time.perf_counter()
    context.close()
    return {
        "photo_bytes_each": [p.stat().st_size for p in photos],
        "prepared_on_phone_seconds": round(prepared, 2),
        "sent_seconds": round(done - sent_at, 2),
        "total_seconds": round(done - started, 2),
        "photos_as_sent": sizes,
    }


def run(url: str | None) -> dict:
    from playwright.sync_api import sync_playwright
    from sqlalchemy.engine import make_url

    DATA.mkdir(parents=True, exist_ok=True)
    if not url:
        db_file = DATA / "field.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{db_file}"
    backend = make_url(url.replace("postgres://", "postgresql://", 1)).get_backend_name()
    tag = secrets.token_hex(3)
    ctx = prepare(make_app(url), [Donation()], tag)  # with beneficiaries at the bench site
    log = DATA / f"server-field-{backend}.log"
    log.write_text("")
    server = Server(url, log)
    server.start()
    base = f"http://127.0.0.1:{server.port}"
    result: dict = {"database": backend, "network": "Fast 3G: 1.6 Mbit/s, 750 kbit/s, 150 ms"}
    try:
        with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            result["first_load"] = first_load(browser, base, ctx)
            result["offline_repeat"] = offline_repeat(browser, base, ctx)
            result["donation_two_4mb_photos"] = donation_with_photos(browser, base, ctx, Path(tmp))
            browser.close()
    finally:
        server.stop()
    result["javascript"] = js_sizes()
    result["budgets"] = {
        "first_load_bytes<=61440": result["first_load"]["bytes"] <= 60 * 1024,
        "first_load_seconds<=3": result["first_load"]["seconds_p50"] <= 3,
        "offline_repeat_seconds<=1": result["offline_repeat"]["seconds_max"] <= 1,
        "donation_two_photos_seconds<=15": result["donation_two_4mb_photos"]["total_seconds"] <= 15,
        "javascript_gzip<=30720": result["javascript"]["gzip_bytes"] <= 30 * 1024,
    }
    return result


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    figures = run(args.database_url)
    print(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    main()
