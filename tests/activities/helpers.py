"""Form posts for the activity views."""

import datetime as dt
from decimal import Decimal

YESTERDAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()

#: valid values of each kind's own fields, as the operations take them
KIND_DETAILS = {
    "festival": dict(occasion="hari_raya", attendance=300, audience="villagers"),
    "donation": dict(
        donation_form="in_kind",
        in_kind_description="Textbooks",
        quantity=320,
        in_kind_value=Decimal("5000.00"),
        valuation="purchase_price",
        beneficiaries=320,
    ),
    "consultation": dict(
        consultation_format="fpic_meeting",
        topic="Access road",
        participants=60,
        participants_women=25,
        participants_men=35,
        participants_indigenous=60,
    ),
    "training": dict(programme="Welding", trainees=20, completed=18, certificates=18),
}


def donation_form(beneficiary, **changes) -> dict:
    data = {
        "activity_date": YESTERDAY,
        "title": "Textbooks for SK Kampung Baru",
        "description": "Science textbooks for years 4 to 6",
        "place": "Kampung Baru",
        "currency": "MYR",
        "cost_amount": "150.00",
        "staff_hours": "4",
        "motivation": "community_investment",
        "cause": "education",
        "donation_form": "in_kind",
        "beneficiary_id": str(beneficiary),
        "in_kind_description": "Textbooks",
        "quantity": "320",
        "in_kind_value": "5000.00",
        "valuation": "purchase_price",
        "beneficiaries": "320",
        "action": "submit",
    }
    data.update(changes)
    return data


def festival_form(**changes) -> dict:
    data = {
        "activity_date": YESTERDAY,
        "title": "Hari Raya open house",
        "currency": "MYR",
        "motivation": "community_investment",
        "cause": "culture",
        "occasion": "hari_raya",
        "attendance": "400",
        "audience": "Villagers",
        "action": "draft",
    }
    data.update(changes)
    return data


def consultation_form(**changes) -> dict:
    data = {
        "activity_date": YESTERDAY,
        "title": "Town hall on blasting schedule",
        "currency": "MYR",
        "motivation": "community_investment",
        "cause": "infrastructure",
        "consultation_format": "town_hall",
        "topic": "Blasting schedule",
        "languages": "Malay",
        "participants": "50",
        "participants_women": "20",
        "participants_men": "30",
        "action": "draft",
    }
    data.update(changes)
    return data


def training_form(**changes) -> dict:
    data = {
        "activity_date": YESTERDAY,
        "title": "Welding course",
        "currency": "MYR",
        "motivation": "community_investment",
        "cause": "livelihoods",
        "programme": "Welding",
        "trainees": "20",
        "completed": "18",
        "certificates": "18",
        "action": "draft",
    }
    data.update(changes)
    return data
