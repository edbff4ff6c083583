"""Words of the public feedback page that the feedback rules also say (extracted for every
public language, babel-public.cfg)."""

from flask_babel import lazy_gettext as _l

PHONE_FORMAT = _l("Enter a phone number of digits and spaces, such as +60 12 345 6789.")
PHONE_CONSENT = _l(
    "Tick this box so that we may send you text messages, or leave the phone number empty."
)
