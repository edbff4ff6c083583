"""The demo's amounts are plausible in every currency: a donation in rupiah is millions of
rupiah, not 80 rupiah; a quarter of cash in Cambodia is thousands of dollars, not USD 7.30."""

from decimal import Decimal

import sqlalchemy as sa

from outreach.activities.models import Activity
from outreach.demo import load_demo
from outreach.demo.rates import BASE


def test_every_demo_amount_is_worth_a_plausible_sum_in_us_dollars(db):
    load_demo()
    db.session.flush()
    rows = db.session.execute(
        sa.select(Activity.currency, Activity.cash_amount, Activity.in_kind_value)
    ).all()
    currencies = {currency for currency, *_ in rows}
    assert {"IDR", "KHR", "MYR", "THB"} <= currencies
    for currency, cash, in_kind in rows:
        for amount in (cash, in_kind):
            if amount is not None:
                usd = amount * BASE[currency]
                assert Decimal(500) <= usd <= Decimal(25000), (currency, amount)
