"""Where a submission's time goes, in-process: the load benchmark's requests on Flask's test
client, under cProfile.

    python -m bench.profile_submit [--requests 300] [--top 30] [--database-url URL]

Prepares a fresh database as ``bench/load.py`` does, signs the field officer in, then posts the
same forms the load clients post (feedback, festival, donation in turn, with the CSRF token of
the session). Prints the mean time of a submission and of /healthz, then the functions with the
most cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.entities import DEFAULT_MIX, ENTITIES  # noqa: E402
from bench.load import BARE_PATH, CSRF, DATA, make_app, prepare  # noqa: E402


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    url = args.database_url
    if not url:
        DATA.mkdir(parents=True, exist_ok=True)
        db_file = DATA / "profile.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{db_file}"
    mix = [ENTITIES[name]() for name in DEFAULT_MIX]
    tag = secrets.token_hex(3)
    app = make_app(url)
    ctx = prepare(app, mix, tag)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    form = {"email": ctx.email, "password": ctx.password, "csrf_token": CSRF.search(page)[1]}
    assert client.post("/login", data=form).status_code == 302
    token = CSRF.search(client.get(mix[0].form_path(ctx)).get_data(as_text=True))[1]
    rng = random.Random(0)  # noqa: S311
    cookie = client.get_cookie("session").value

    def submit(i: int) -> None:
        entity = mix[i % len(mix)]
        data = [*entity.fields(ctx, f"bench-{tag}-p-{i:07d}", rng), ("csrf_token", token)]
        response = client.post(entity.form_path(ctx), data=dict(data))
        assert response.status_code == 302, (entity.name, response.status_code)
        # Like the load clients, keep the session cookie of before (no pile of flash messages).
        client.set_cookie("session", cookie)

    for i in range(10):  # warm up caches and the connection pool
        submit(i)
    started = time.perf_counter()
    for _ in range(args.requests):
        client.get(BARE_PATH)
    bare = (time.perf_counter() - started) / args.requests
    started = time.perf_counter()
    for i in range(args.requests):
        submit(i)
    each = (time.perf_counter() - started) / args.requests
    profile = cProfile.Profile()
    profile.enable()
    for i in range(args.requests):
        submit(args.requests + i)
    profile.disable()
    print(f"submission {each * 1000:.1f} ms; {BARE_PATH} {bare * 1000:.2f} ms (mean, no profiler)")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)
    pstats.Stats(profile).sort_stats("cumulative").print_stats(r"outreach/", args.top)


if __name__ == "__main__":
    main()
