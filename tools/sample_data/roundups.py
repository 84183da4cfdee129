"""Stories about the market rather than one company: macro pieces, movers, week ahead.

Each mentions two to four companies, which is what exercises multi-ticker tagging and the
fan-out of one article to several followers.
"""

from __future__ import annotations

from dataclasses import dataclass

from sample_data import banks, people
from sample_data.articles import Draft, Template
from sample_data.companies import COMPANIES, Company
from sample_data.writer import FISCAL_QUARTER, Desk, money, pct, per_share, price, sentence


@dataclass(frozen=True, slots=True)
class Theme:
    sectors: tuple[str, ...]
    up: tuple[str, ...]  # headline openers when the group rises
    down: tuple[str, ...]
    driver_up: str  # completes "... after/as {driver}"
    driver_down: str


THEMES: tuple[Theme, ...] = (
    Theme(
        ("bank", "payments"),
        ("Bank stocks rally as Treasury yields climb", "Financials lead gains on deal hopes"),
        ("Bank shares slide as rate-cut bets grow", "Financials drop on credit worries"),
        "the 10-year Treasury yield rose to {y}%, lifting expectations for lending margins",
        "the 10-year Treasury yield fell to {y}%, pressuring lending margins",
    ),
    Theme(
        ("energy",),
        ("Oil majors climb as Brent rises above ${oil}", "Energy stocks gain with crude"),
        ("Oil stocks fall as Brent slips to ${oil}", "Energy shares slide on OPEC+ supply"),
        "Brent crude futures rose {chg}% to ${oil} a barrel on supply disruptions",
        "Brent crude futures fell {chg}% to ${oil} a barrel as OPEC+ added supply",
    ),
    Theme(
        ("semis", "software", "internet", "hardware"),
        ("Tech stocks rebound as AI spending fears ease", "Chip stocks rally on AI demand"),
        ("Tech shares retreat as investors question AI payoff", "Chipmakers slide on AI doubts"),
        "cloud providers signaled that AI spending would keep rising next year",
        "investors questioned whether heavy AI spending would pay off",
    ),
    Theme(
        ("retail", "staples", "restaurants", "apparel"),
        (
            "Retail stocks gain as holiday sales outlook brightens",
            "Consumer shares rise on upbeat spending data",
        ),
        (
            "Consumer stocks fall as shoppers pull back",
            "Retailers slide after weak consumer sentiment data",
        ),
        "a forecast from the National Retail Federation pointed to {chg}% growth in holiday sales",
        "consumer sentiment fell to its lowest level in {n} months",
    ),
    Theme(
        ("auto",),
        ("Automakers rally on tariff relief hopes", "Car stocks gain as sales beat forecasts"),
        ("Automakers fall on tariff threat", "Car stocks drop as sales slow"),
        "officials signaled that tariffs on parts could be eased",
        "Washington threatened new tariffs on imported parts",
    ),
    Theme(
        ("pharma", "insurer"),
        ("Healthcare stocks rise as drug-pricing fears ease", "Drugmakers gain on trial data"),
        (
            "Drugmakers slide as Washington weighs pricing rules",
            "Health stocks fall on policy risk",
        ),
        "officials signaled a slower timeline for new drug-pricing rules",
        "officials proposed tying more U.S. drug prices to prices abroad",
    ),
    Theme(
        ("industrial", "aerospace", "conglomerate"),
        (
            "Industrial stocks climb on infrastructure orders",
            "Industrials gain on data-center boom",
        ),
        ("Industrial shares slip on weak factory data", "Industrials fall as orders slow"),
        "factory orders rose {chg}% in October, the most in a year",
        "a gauge of manufacturing activity shrank for a {nth} month",
    ),
    Theme(
        ("media", "telecom"),
        ("Media and telecom stocks rise on deal speculation", "Telecom shares gain as churn eases"),
        ("Telecom stocks slide as price war heats up", "Media shares fall on ad slowdown"),
        "reports of a possible merger lifted the sector",
        "a carrier's aggressive promotion stoked fears of a price war",
    ),
)

_STRATEGIST_UP = (
    "The market is rewarding companies that can show earnings growth, not just promises",
    "Positioning was too defensive, and some of that is being unwound",
    "We still like the group into year-end, as estimates look achievable",
)
_STRATEGIST_DOWN = (
    "Investors are taking profits after a strong run and asking harder questions",
    "The bar for good news is high, and the market is punishing any disappointment",
    "We would stay selective until the macro picture clears up",
)


# Ways a roundup ties a company's move to its story.
_FRAMES = (
    "; investors have focused on {}",
    ", extending a move driven by {}",
    " as analysts pointed to {}",
    "; traders cited {}",
    ", with the company's recent results reflecting {}",
)


def _theme_values(desk: Desk) -> dict[str, str]:
    rng = desk.rng
    return {
        "y": f"{rng.uniform(3.6, 4.6):.2f}",
        "oil": f"{rng.uniform(58, 79):.2f}",
        "chg": pct(rng.uniform(0.8, 4.5)),
        "n": str(rng.randrange(3, 14)),
        "nth": rng.choice(("second", "third", "fourth", "sixth")),
    }


def macro(desk: Desk, _: Company) -> Draft:
    rng = desk.rng
    theme = rng.choice(THEMES)
    group = [c for c in COMPANIES if c.sector in theme.sectors]
    picked = rng.sample(group, min(len(group), rng.choice((2, 3, 3))))
    up = rng.random() < 0.55
    values = _theme_values(desk)
    headline = rng.choice(theme.up if up else theme.down).format(**values)
    driver = (theme.driver_up if up else theme.driver_down).format(**values)
    when = "on Friday" if not desk.weekend else "in Friday's session"
    core = [
        f"{desk.dateline(None)}Shares of {_names(desk, picked)} "
        f"{'rose' if up else 'fell'} {when} after {driver}."
    ]
    for c in picked:
        change = desk.move(up, 0.3, 5.5)
        drivers = banks.POS_DRIVERS if change > 0 else banks.NEG_DRIVERS
        core.append(
            f"{desk.name(c)} {'gained' if change > 0 else 'lost'} {pct(change)}% to "
            f"{price(c, c.price * (1 + change / 100))}"
            f"{rng.choice(_FRAMES).format(rng.choice(drivers[c.sector]))}."
        )
    firm, who = desk.analyst(None)
    quote = rng.choice(_STRATEGIST_UP if up else _STRATEGIST_DOWN)
    core.append(f'"{quote}," said {who}, chief investment strategist at {firm}.')
    more = (
        desk.context(picked[0]),
        desk.market(),
        desk.valuation(picked[-1]),
        desk.ratings(picked[0]),
    )
    return Draft("macro", headline, tuple(core), more, tuple(picked))


def _names(desk: Desk, companies: list[Company]) -> str:
    names = [desk.first(c) for c in companies]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"


def movers(desk: Desk, _: Company) -> Draft:
    rng = desk.rng
    picked = rng.sample(COMPANIES, rng.choice((3, 4)))
    session = "Friday" if desk.weekend else rng.choice(("midday", "premarket"))
    headline = rng.choice(
        (
            f"Stocks making the biggest moves {session}: {', '.join(desk.headline_name(c) for c in picked)}",  # noqa: E501
            f"{desk.headline_name(picked[0])}, {desk.headline_name(picked[1])} among top movers",
        )
    )
    core = [
        f"{desk.dateline(None)}These are some of the stocks making headlines in "
        f"{'Friday trading' if desk.weekend else session + ' trading'}:"
    ]
    for c in picked:
        change = desk.move(rng.random() < 0.5, 1.0, 11.0)
        f = desk.fill(c)
        why = rng.choice(
            (
                f"after {rng.choice(people.BROKERS)} "
                f"{'upgraded' if change > 0 else 'downgraded'} the stock",
                f"after the company said {f['seg']} revenue "
                f"{'rose' if change > 0 else 'fell'} {f['pct'] if change > 0 else f['npct']}%",
                f"as investors reacted to {rng.choice((banks.POS_DRIVERS if change > 0 else banks.NEG_DRIVERS)[c.sector])}",  # noqa: E501
            )
        )
        core.append(
            f"{desk.first(c)} — Shares {'climbed' if change > 0 else 'slid'} {pct(change)}% {why}."
        )
    return Draft("movers", headline, tuple(core), (desk.market(),), tuple(picked))


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday")


def week_ahead(desk: Desk, _: Company) -> Draft:
    rng = desk.rng
    reporters = [c for c in COMPANIES if c.eps is not None and c.eps > 0]
    picked = rng.sample(reporters, 3)
    headline = rng.choice(
        (
            f"Week ahead: {desk.headline_name(picked[0])} and {desk.headline_name(picked[1])} "
            "results, Fed minutes in a holiday-shortened week",
            f"What to watch next week: earnings from {desk.headline_name(picked[0])}, "
            f"{desk.headline_name(picked[1])} and {desk.headline_name(picked[2])}",
        )
    )
    core = [
        f"{desk.dateline(None)}U.S. markets are closed on Thursday for Thanksgiving and close "
        "early on Friday, but investors still have a busy calendar, including minutes of the "
        "Federal Reserve's last meeting and a batch of quarterly results.",
    ]
    for day, c in zip(_WEEKDAYS, picked, strict=False):
        revenue = c.revenue * rng.uniform(0.95, 1.08)
        eps = c.eps * rng.uniform(0.9, 1.1) if c.eps else 0.0
        quarter = FISCAL_QUARTER.get(c.ticker, "third-quarter")
        core.append(
            f"{sentence(desk.first(c))} reports on {day}. Analysts expect {quarter} revenue of "
            f"{money(c.ccy, revenue)} and adjusted earnings of {per_share(c, eps)} a share."
        )
    core.append(
        "On the economic calendar, investors will get October durable goods orders and a "
        "revised estimate of third-quarter growth."
    )
    more = (desk.market(), desk.context(picked[0]), desk.context(picked[1]))
    return Draft("week_ahead", headline, tuple(core), more, tuple(picked))


ROUNDUP_TEMPLATES: tuple[tuple[str, Template, int], ...] = (
    ("macro", macro, 7),
    ("movers", movers, 4),
    ("week_ahead", week_ahead, 2),
)
