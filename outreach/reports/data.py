"""Everything an impact report shows, as plain data (no ORM objects, no Flask).

The print templates, the XLSX workbook and the tests read only these classes; the numbers come
from the dashboard queries (``gather.py``) so a report and the dashboard cannot disagree.
Money is ``Decimal`` in the reporting currency; shares are percentages (0–100) as ``Decimal``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from markupsafe import Markup

from outreach.core.i18n import Names
from outreach.core.periods import Period
from outreach.reports.gri import Gri413
from outreach.reports.scope import ReportScope


@dataclass
class Kpi:
    """One key figure of the executive summary, with the previous period's value."""

    key: str  # stable identifier, e.g. "investment_total"
    label: str  # msgid of the label (translated when rendered)
    value: Decimal | int | None
    previous: Decimal | int | None = None
    unit: str = ""  # a currency code, "%" or ""
    #: compared with the previous period by the difference in its own unit, not in percent of
    #: it: a score or a share, whose ratio means little (−0.29 after 0.04 is not "−825 %")
    by_difference: bool = False
    #: a sentiment figure (the withheld-figure note beneath the table speaks of these); any
    #: figure a partner may not see is None, printed "—" (``outreach.core.disclosure``)
    sentiment: bool = False

    @property
    def change(self) -> Decimal | None:
        """Change against the previous period in percent of it (or, ``by_difference``, in the
        figure's own unit), or None when it cannot be computed."""
        if self.value is None or self.previous is None:
            return None
        difference = Decimal(self.value) - Decimal(self.previous)
        if self.by_difference:
            return difference
        if not self.previous:
            return None
        return difference * 100 / Decimal(self.previous)


@dataclass
class Amount:
    """A labelled amount in the reporting currency (an investment line, a cause, a motivation)."""

    key: str
    label: str
    amount: Decimal


@dataclass
class Investment:
    """Community investment by the B4SI model: inputs by type, by cause and by motivation."""

    currency: str
    cash: Decimal = Decimal(0)
    in_kind: Decimal = Decimal(0)
    staff_time: Decimal = Decimal(0)
    staff_hours: Decimal = Decimal(0)
    management_costs: Decimal = Decimal(0)
    by_cause: list[Amount] = field(default_factory=list)
    by_motivation: list[Amount] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return self.cash + self.in_kind + self.staff_time + self.management_costs


@dataclass
class Outputs:
    """B4SI outputs: how many people and organisations the activities reached."""

    people_reached: int = 0
    beneficiaries: int = 0
    organisations_supported: int = 0
    events: int = 0
    trainees: int = 0
    trainees_completed: int = 0


@dataclass
class Engagement:
    """Consultations, who took part, and the commitments made there."""

    consultations: int = 0
    participants: int = 0
    participants_by_gender: dict[str, int] = field(default_factory=dict)  # women, men, other
    participants_by_group: dict[str, int] = field(default_factory=dict)  # youth, indigenous…
    #: of the commitments made in the period: kept, still open (not yet due or in progress),
    #: overdue (past their due date, not kept); the rest were dropped with a reason
    commitments_made: int = 0
    commitments_kept: int = 0
    commitments_open: int = 0
    commitments_overdue: int = 0


@dataclass
class SurveyResult:
    """One perception-survey question: the share agreeing now and in the previous survey; a share
    answered by fewer than ``MIN_FEEDBACK_ITEMS`` respondents is None (printed "—")."""

    question: str
    respondents: int
    agree_pct: Decimal | None
    previous_agree_pct: Decimal | None = None
    #: the previous survey's share is left out (rather than absent)
    previous_withheld: bool = False

    @property
    def withheld(self) -> bool:
        return self.agree_pct is None or self.previous_withheld


@dataclass
class CategoryCount:
    key: str
    #: the category's name in every language (``core.i18n.Names``), or a msgid
    label: str | Names
    count: int


@dataclass
class CommunityVoice:
    """Sentiment index per month (0…100, the dashboard's; None when built from fewer than
    ``MIN_FEEDBACK_ITEMS`` feedback items), perception survey results and top categories."""

    sentiment_by_month: list[tuple[str, Decimal | None]] = field(default_factory=list)
    feedback_items: int = 0
    surveys: list[SurveyResult] = field(default_factory=list)
    top_categories: list[CategoryCount] = field(default_factory=list)

    @property
    def surveys_withheld(self) -> bool:
        """A survey share (now or before) is left out: answered by too few respondents."""
        return any(s.withheld for s in self.surveys)


@dataclass
class Grievances:
    """Grievance mechanism performance (IFC PS1); a share, a duration or the satisfaction built
    from fewer grievances than a partner may see is None, printed "—" (``core.disclosure``)."""

    received: int = 0
    acknowledged_on_time_pct: Decimal | None = None
    resolved: int = 0
    median_days_to_resolve: Decimal | None = None
    p90_days_to_resolve: Decimal | None = None
    open: int = 0
    overdue: int = 0
    #: grievances closed, by satisfaction: satisfied, partly, not_satisfied, unknown
    satisfaction: dict[str, int] | None = field(default_factory=dict)
    #: a figure above is withheld from the report's readers (too few grievances)
    withheld: bool = False


@dataclass
class SiteRow:
    """One line of the per-site table."""

    code: str
    name: str
    country: str
    investment: Decimal = Decimal(0)
    people_reached: int = 0
    consultations: int = 0
    feedback_items: int = 0
    #: the index 0…100 of the period's last month with one built from at least
    #: ``MIN_FEEDBACK_ITEMS`` feedback items
    sentiment: Decimal | None = None
    grievances_received: int = 0
    grievances_open: int = 0


@dataclass
class Photo:
    """An approved photo with its caption; ``content`` holds the image bytes."""

    content: bytes
    mime_type: str
    caption: str
    site_code: str = ""
    #: the photo's attachment, which the manager chose
    attachment_id: int | None = None


@dataclass
class ExchangeRateUsed:
    currency: str
    rate: Decimal  # units of the reporting currency per unit of ``currency``
    valid_from: dt.date


@dataclass
class MethodsNote:
    """How the numbers were made: definitions, exchange rates, what could not be converted."""

    data_cutoff: dt.datetime | None = None
    exchange_rates: list[ExchangeRateUsed] = field(default_factory=list)
    #: amounts left out because no exchange rate was valid: (currency, total in that currency)
    unconverted: list[tuple[str, Decimal]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Charts:
    """SVG drawings (``Markup``) made by the dashboard's chart functions, which escape every
    label; empty when there is nothing to draw."""

    investment_by_input: Markup | str = ""
    investment_by_cause: Markup | str = ""
    sentiment_trend: Markup | str = ""
    grievances: Markup | str = ""
    top_categories: Markup | str = ""


@dataclass
class Organisation:
    """Who issues the report: printed on the cover and in every page's footer."""

    name: str
    contact: str = ""
    #: the logo as a data: URI ("" for none)
    logo_uri: str = ""


@dataclass
class ReportData:
    """The whole report, ready for the print template and the workbook."""

    scope: ReportScope
    period: Period
    languages: list[str]
    issuer_name: str
    currency: str
    generated_at: dt.datetime
    kpis: list[Kpi] = field(default_factory=list)
    investment: Investment | None = None
    outputs: Outputs = field(default_factory=Outputs)
    engagement: Engagement = field(default_factory=Engagement)
    voice: CommunityVoice = field(default_factory=CommunityVoice)
    grievances: Grievances = field(default_factory=Grievances)
    sites: list[SiteRow] = field(default_factory=list)
    photos: list[Photo] = field(default_factory=list)
    methods: MethodsNote = field(default_factory=MethodsNote)
    charts: Charts = field(default_factory=Charts)
    #: the What works section (whatworks.queries.Shown per outcome), when the issuer asked
    what_works: list | None = None
    gri: Gri413 = field(default_factory=Gri413)
    #: the organisation that issues the report (``outreach.admin.models.OrganisationProfile``)
    organisation: Organisation = field(default_factory=lambda: Organisation(""))
    #: the manager's words for this report (kept with the issued version)
    executive_summary: str = ""
    highlights: list[str] = field(default_factory=list)
    #: filled when the report is issued; empty on drafts
    verification_code: str = ""
    version: int = 0
