"""Configuration in layers; secret keys; database URLs."""

from __future__ import annotations

import os
import stat

import pytest

from outreach import create_app
from outreach.config import DEFAULT_SECRET_KEY, normalise_database_url


@pytest.fixture
def clean_env(monkeypatch):
    """No configuration from the environment this suite runs in."""
    for key in list(os.environ):
        if key.startswith("OUTREACH_") or key in ("SECRET_KEY", "DATABASE_URL"):
            monkeypatch.delenv(key)
    return monkeypatch


def _app(tmp_path, **config):
    return create_app(config or None, instance_path=str(tmp_path))


@pytest.mark.parametrize("key", [None, "", DEFAULT_SECRET_KEY])
def test_production_refuses_to_start_without_a_real_secret_key(tmp_path, clean_env, key):
    clean_env.setenv("OUTREACH_ENV_NAME", "production")
    if key is not None:
        clean_env.setenv("SECRET_KEY", key)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        _app(tmp_path)
    assert not (tmp_path / "secret_key").exists()


def test_production_starts_with_a_secret_key_from_the_environment(tmp_path, clean_env):
    clean_env.setenv("OUTREACH_ENV_NAME", "production")
    clean_env.setenv("SECRET_KEY", "a-long-random-production-key-0123456789")
    clean_env.setenv("OUTREACH_EXTERNAL_URL", "https://outreach.example.org")
    app = _app(tmp_path)
    assert app.config["SECRET_KEY"] == "a-long-random-production-key-0123456789"
    assert app.config["ENV_NAME"] == "production"


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "http://127.0.0.1:5000",
        "http://127.8.0.1",
        "http://[::1]:8000/",
        "http://localhost",
    ],
)
def test_production_refuses_to_start_with_a_loopback_external_url(tmp_path, clean_env, url):
    clean_env.setenv("OUTREACH_ENV_NAME", "production")
    clean_env.setenv("SECRET_KEY", "a-long-random-production-key-0123456789")
    if url is not None:
        clean_env.setenv("OUTREACH_EXTERNAL_URL", url)
    with pytest.raises(RuntimeError, match="OUTREACH_EXTERNAL_URL"):
        _app(tmp_path)


def test_development_generates_a_secret_key_once(tmp_path, clean_env):
    first = _app(tmp_path)
    key_file = tmp_path / "secret_key"
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = first.config["SECRET_KEY"]
    assert len(key) >= 32 and key != DEFAULT_SECRET_KEY
    assert _app(tmp_path).config["SECRET_KEY"] == key  # the next start reuses it


def test_layers_defaults_then_instance_file_then_environment(tmp_path, clean_env):
    assert _app(tmp_path).config["REPORTING_CURRENCY"] == "USD"
    (tmp_path / "config.py").write_text('REPORTING_CURRENCY = "EUR"\nITEMS_PER_PAGE = 10\n')
    app = _app(tmp_path)
    assert (app.config["REPORTING_CURRENCY"], app.config["ITEMS_PER_PAGE"]) == ("EUR", 10)
    clean_env.setenv("OUTREACH_REPORTING_CURRENCY", "MYR")
    clean_env.setenv("OUTREACH_ITEMS_PER_PAGE", "50")
    app = _app(tmp_path)
    assert (app.config["REPORTING_CURRENCY"], app.config["ITEMS_PER_PAGE"]) == ("MYR", 50)


def test_sqlite_in_the_instance_folder_by_default(tmp_path, clean_env):
    app = _app(tmp_path)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'outreach.db'}"


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u:p@db.example/outreach", "postgresql+psycopg://u:p@db.example/outreach"),
        ("postgresql://u@db.example/outreach", "postgresql+psycopg://u@db.example/outreach"),
        ("postgresql+psycopg://u@db/o", "postgresql+psycopg://u@db/o"),
        ("sqlite:////srv/outreach.db", "sqlite:////srv/outreach.db"),
    ],
)
def test_database_url_is_normalised_to_psycopg(tmp_path, clean_env, given, used):
    assert normalise_database_url(given) == used
    clean_env.setenv("DATABASE_URL", given)
    assert _app(tmp_path).config["SQLALCHEMY_DATABASE_URI"] == used


def test_https_makes_cookies_secure(tmp_path, clean_env):
    clean_env.setenv("OUTREACH_PREFERRED_URL_SCHEME", "https")
    assert _app(tmp_path).config["SESSION_COOKIE_SECURE"]
    assert not _app(tmp_path, PREFERRED_URL_SCHEME="http").config["SESSION_COOKIE_SECURE"]


def _production(clean_env) -> None:
    clean_env.setenv("OUTREACH_ENV_NAME", "production")
    clean_env.setenv("SECRET_KEY", "a-long-random-production-key-0123456789")
    clean_env.setenv("OUTREACH_EXTERNAL_URL", "https://outreach.example.org")


def test_production_sends_the_session_cookie_over_https_only(tmp_path, clean_env):
    _production(clean_env)
    app = _app(tmp_path)  # PREFERRED_URL_SCHEME left at http, as behind a TLS proxy
    set_cookie = app.test_client().get("/login").headers["Set-Cookie"]
    assert set_cookie.startswith("session=") and "; Secure" in set_cookie
    assert not _app(tmp_path, ENV_NAME="development").config["SESSION_COOKIE_SECURE"]


def test_an_explicit_cookie_setting_wins_in_production(tmp_path, clean_env):
    _production(clean_env)
    clean_env.setenv("OUTREACH_SESSION_COOKIE_SECURE", "false")  # e.g. a plain-http test machine
    assert _app(tmp_path).config["SESSION_COOKIE_SECURE"] is False
