"""Demo sites, stakeholders and one account per role. All names are invented."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import sqlalchemy as sa

from outreach.auth import operations as user_ops
from outreach.auth.models import Role
from outreach.extensions import db
from outreach.sites.models import Country, Site, SiteKind, SiteStatus
from outreach.sites.reference import ensure_countries
from outreach.stakeholders.models import Stakeholder, StakeholderCategory

#: (e-mail, password, role) — printed by ``seed-demo`` and listed in the README
DEMO_ACCOUNTS = [
    ("admin@demo.outreach.test", "Demo-Admin-Pass-1", "admin"),
    ("manager@demo.outreach.test", "Demo-Manager-Pass-1", "manager"),
    ("field@demo.outreach.test", "Demo-Field-Pass-1", "field"),
    ("partner@demo.outreach.test", "Demo-Partner-Pass-1", "partner"),
]

#: the demo admin and manager come enrolled in two-step sign-in (their role requires it), so the
#: demo can be tried at once: these authenticator keys (base32) are printed beside the passwords
#: by ``seed-demo``, and ``demo-codes`` prints the current code of each without a phone.
#: Demo data only: production refuses to load it.
DEMO_AUTHENTICATOR_KEYS = {
    "admin@demo.outreach.test": "DEMOADMINKEYOUTREACH2345",
    "manager@demo.outreach.test": "DEMOMANAGERKEYOUTREACH23",
}

ELECTIONS = {
    "MY": dt.date(2027, 9, 12),
    "ID": dt.date(2029, 2, 14),
    "TH": dt.date(2027, 3, 28),
    "VN": dt.date(2031, 5, 18),
    "KH": dt.date(2028, 7, 23),
    "LA": dt.date(2031, 2, 22),
}

# code, name, country, province, district, kind, operator, BRI ref, status, lat, lon, start
SITES = [
    (
        "MY-ECR-01",
        "Kuantan Rail Depot (demo)",
        "MY",
        "Pahang",
        "Kuantan",
        SiteKind.RAIL,
        "Demo Rail Construction Co.",
        "BRI-MY-0001",
        SiteStatus.CONSTRUCTION,
        "3.8077",
        "103.3260",
        "2023-04-01",
    ),
    (
        "MY-PRT-02",
        "Kuala Linggi Port Extension (demo)",
        "MY",
        "Melaka",
        "Alor Gajah",
        SiteKind.PORT,
        "Demo Harbour Engineering",
        "",
        SiteStatus.CONSTRUCTION,
        "2.3870",
        "101.9850",
        "2024-01-15",
    ),
    (
        "ID-PWR-01",
        "Sungai Lestari Hydropower (demo)",
        "ID",
        "North Sumatra",
        "Tapanuli Selatan",
        SiteKind.POWER,
        "Demo Hydro Power Corp.",
        "BRI-ID-0107",
        SiteStatus.CONSTRUCTION,
        "1.5540",
        "99.2700",
        "2022-06-01",
    ),
    (
        "ID-IND-02",
        "Morowali Timur Industrial Park (demo)",
        "ID",
        "Central Sulawesi",
        "Morowali",
        SiteKind.INDUSTRIAL_PARK,
        "Demo Industrial Development",
        "BRI-ID-0212",
        SiteStatus.OPERATION,
        "-2.8300",
        "122.1500",
        "2019-03-01",
    ),
    (
        "ID-RAIL-03",
        "Padalarang Rail Link (demo)",
        "ID",
        "West Java",
        "Bandung Barat",
        SiteKind.RAIL,
        "Demo Rail Construction Co.",
        "BRI-ID-0015",
        SiteStatus.OPERATION,
        "-6.8430",
        "107.4770",
        "2018-08-01",
    ),
    (
        "TH-RAIL-01",
        "Nakhon Ratchasima Viaduct (demo)",
        "TH",
        "Nakhon Ratchasima",
        "Mueang",
        SiteKind.RAIL,
        "Demo Rail Construction Co.",
        "BRI-TH-0003",
        SiteStatus.CONSTRUCTION,
        "14.9799",
        "102.0978",
        "2021-11-01",
    ),
    (
        "TH-IND-02",
        "Rayong Green Industrial Estate (demo)",
        "TH",
        "Rayong",
        "Pluak Daeng",
        SiteKind.INDUSTRIAL_PARK,
        "Demo Industrial Development",
        "",
        SiteStatus.OPERATION,
        "12.9800",
        "101.2100",
        "2017-05-01",
    ),
    (
        "VN-PWR-01",
        "Vinh Tan Coastal Power (demo)",
        "VN",
        "Binh Thuan",
        "Tuy Phong",
        SiteKind.POWER,
        "Demo Energy Engineering",
        "BRI-VN-0021",
        SiteStatus.OPERATION,
        "11.3200",
        "108.8100",
        "2016-09-01",
    ),
    (
        "VN-ROAD-02",
        "Lao Cai Highway Section (demo)",
        "VN",
        "Lao Cai",
        "Bao Thang",
        SiteKind.ROAD,
        "Demo Road & Bridge Co.",
        "",
        SiteStatus.CONSTRUCTION,
        "22.3800",
        "104.0500",
        "2024-05-01",
    ),
    (
        "KH-PRT-01",
        "Kampot Deep-Sea Port (demo)",
        "KH",
        "Kampot",
        "Teuk Chhou",
        SiteKind.PORT,
        "Demo Harbour Engineering",
        "BRI-KH-0009",
        SiteStatus.PLANNED,
        "10.5900",
        "104.1800",
        "2025-10-01",
    ),
    (
        "KH-ROAD-02",
        "Sihanoukville Expressway Works (demo)",
        "KH",
        "Preah Sihanouk",
        "Prey Nob",
        SiteKind.ROAD,
        "Demo Road & Bridge Co.",
        "BRI-KH-0004",
        SiteStatus.OPERATION,
        "10.7600",
        "103.7000",
        "2020-03-01",
    ),
    (
        "LA-RAIL-01",
        "Vang Vieng Rail Station (demo)",
        "LA",
        "Vientiane Province",
        "Vang Vieng",
        SiteKind.RAIL,
        "Demo Rail Construction Co.",
        "BRI-LA-0001",
        SiteStatus.OPERATION,
        "18.9230",
        "102.4480",
        "2016-12-25",
    ),
]

STAKEHOLDER_TEMPLATES = [
    ("{place} village council", StakeholderCategory.VILLAGE, "", ""),
    ("{place} primary school", StakeholderCategory.SCHOOL, "", ""),
    ("{place} health clinic", StakeholderCategory.GOVERNMENT, "", ""),
    ("{place} fishers' cooperative", StakeholderCategory.COMMUNITY, "low_income", ""),
    ("{place} women's association", StakeholderCategory.NGO, "women", ""),
    ("{place} place of worship", StakeholderCategory.RELIGIOUS, "", ""),
    ("{place} district office", StakeholderCategory.GOVERNMENT, "", ""),
    ("{place} youth club", StakeholderCategory.COMMUNITY, "youth", ""),
]


def load_base() -> list[Site]:
    """Countries' election dates, twelve sites, their stakeholders and four accounts."""
    ensure_countries()
    for code, election in ELECTIONS.items():
        db.session.get(Country, code).next_election = election
    sites = []
    for (
        code,
        name,
        country,
        province,
        district,
        kind,
        operator,
        bri,
        status,
        lat,
        lon,
        start,
    ) in SITES:
        site = Site(
            code=code,
            name=name,
            country_code=country,
            province=province,
            district=district,
            kind=kind,
            operator=operator,
            bri_designated=bool(bri),
            bri_reference=bri,
            status=status,
            latitude=Decimal(lat),
            longitude=Decimal(lon),
            start_date=dt.date.fromisoformat(start),
            archived=False,
        )
        db.session.add(site)
        sites.append(site)
    db.session.flush()
    rng = random.Random(2026)  # noqa: S311 - demo data only
    for site in sites:
        place = site.district
        for template, category, groups, _ in STAKEHOLDER_TEMPLATES:
            db.session.add(
                Stakeholder(
                    name=template.format(place=place),
                    category=category,
                    location=place,
                    vulnerable_groups=groups,
                    consent_personal_data=False,
                    sites=[site],
                    is_deleted=False,
                    notes="",
                )
            )
        if rng.random() < 0.5:
            db.session.add(
                Stakeholder(
                    name=f"Indigenous community of upper {place}",
                    category=StakeholderCategory.COMMUNITY,
                    location=place,
                    vulnerable_groups="indigenous",
                    consent_personal_data=False,
                    sites=[site],
                    is_deleted=False,
                    notes="",
                )
            )
    by_code = {s.code: s for s in sites}
    passwords = {email: password for email, password, _ in DEMO_ACCOUNTS}
    accounts = [
        ("admin@demo.outreach.test", "Ayu Admin (demo)", Role.ADMIN, [], []),
        (
            "manager@demo.outreach.test",
            "Mei Ling Manager (demo)",
            Role.MANAGER,
            [],
            ["MY", "ID", "TH", "VN", "KH", "LA"],
        ),
        (
            "field@demo.outreach.test",
            "Faizal Field (demo)",
            Role.FIELD,
            [by_code["MY-ECR-01"].id, by_code["MY-PRT-02"].id],
            [],
        ),
        ("partner@demo.outreach.test", "Puan Partner (demo)", Role.PARTNER, [], ["MY"]),
    ]
    for email, name, role, site_ids, countries in accounts:
        if user_ops.find_user_by_email(email) is None:
            user_ops.create_user(
                user_ops.UserData(
                    email=email, name=name, role=role, site_ids=site_ids, country_codes=countries
                ),
                passwords[email],
            )
    for email, key in DEMO_AUTHENTICATOR_KEYS.items():
        user = user_ops.find_user_by_email(email)
        if user is not None and not user.totp_secret:
            user.totp_secret = key
            user.totp_enabled_at = dt.datetime.now(dt.UTC)
    db.session.flush()
    return list(db.session.scalars(sa.select(Site).order_by(Site.code)))
