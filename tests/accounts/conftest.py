from tests.jobs.conftest import smtp, smtp_server  # noqa: F401
