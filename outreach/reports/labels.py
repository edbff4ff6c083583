"""The labels of other features that a report prints, marked here too so that
``babel-public.cfg`` extracts them for the languages only the public pages and the reports
use (fil, km, lo, my), and the notes the PDF and the workbook share. A test checks that every
cause, motivation, grievance status, survey question and default feedback category is listed."""

from __future__ import annotations

from outreach.core.i18n import N_

#: B4SI inputs, causes and motivations (outreach.activities.kinds, outreach.dashboards.charts)
INVESTMENT = (
    N_("Cash"),
    N_("In kind"),
    N_("Staff time"),
    N_("Management costs"),
    N_("Education"),
    N_("Health"),
    N_("Disaster relief"),
    N_("Culture"),
    N_("Infrastructure"),
    N_("Livelihoods"),
    N_("Environment"),
    N_("Other"),
    N_("Charitable gift"),
    N_("Community investment"),
    N_("Commercial initiative in the community"),
    N_("Not recorded"),
)
#: grievance statuses, survey questions and the default feedback categories
#: (outreach.feedback.models)
VOICE = (
    N_("Received"),
    N_("Acknowledged"),
    N_("Being investigated"),
    N_("Escalated"),
    N_("Resolved"),
    N_("Closed"),
    N_("Appealed"),
    N_("Trust in the company"),
    N_("Perceived benefits"),
    N_("Fairness"),
    N_("Communication"),
    N_("Overall acceptance of the project"),
    N_("Noise"),
    N_("Dust"),
    N_("Traffic"),
    N_("Land"),
    N_("Compensation"),
    N_("Employment"),
    N_("Safety"),
    N_("Praise"),
    N_("Request"),
)
#: the titles of the dashboard charts a report draws (read by screen readers)
CHART_TITLES = (
    N_("Sentiment index by month"),
    N_("Investment by cause (%(c)s)"),
    N_("Investment by B4SI input (%(c)s)"),
    N_("Grievances by category and status"),
)

#: beside a sentiment figure left out (``%(n)s``: ``core.disclosure.min_items()``)
WITHHELD = N_(
    "—: a sentiment figure built from fewer than %(n)s feedback items is withheld, so that no "
    "one's score can be read from it."
)
#: beside a grievance share, duration or satisfaction left out (``%(n)s`` as above)
GRIEVANCES_WITHHELD = N_(
    "—: a grievance figure built from fewer than %(n)s grievances is withheld, so that no "
    "complainant can be recognised from it."
)
#: beside a survey share left out (``%(n)s``: ``core.disclosure.min_items()``)
SURVEY_WITHHELD = N_(
    "—: a survey share answered by fewer than %(n)s respondents is withheld, so that no one's "
    "answers can be read from it."
)
