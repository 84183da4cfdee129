"""Article templates: each one writes a story of one kind about one or more companies.

A template returns a ``Draft``: ``core`` paragraphs that make the story, ``extra`` ones
(quotes, context, valuation, ratings) that ``compose`` adds until the body reaches the
length it drew, and ``closing`` ones (press-release boilerplate) that always come last.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sample_data import banks, people
from sample_data.companies import COMPANIES, Company
from sample_data.writer import (
    FISCAL_QUARTER,
    Desk,
    an,
    money,
    pct,
    per_share,
    possessive,
    price,
    sentence,
)

MIN_WORDS = 100
MAX_WORDS = 600


@dataclass(frozen=True, slots=True)
class Draft:
    kind: str
    headline: str
    core: tuple[str, ...]
    extra: tuple[str, ...]
    companies: tuple[Company, ...]
    closing: tuple[str, ...] = ()


Template = Callable[[Desk, Company], Draft]


def _sector(sector: str | Sequence[str]) -> list[Company]:
    wanted = (sector,) if isinstance(sector, str) else tuple(sector)
    return [c for c in COMPANIES if c.sector in wanted]


def _family(c: Company) -> str:
    return banks.SECTOR_FAMILY[c.sector]


def _pick_rival(rng: random.Random, c: Company) -> Company | None:
    rivals = [r for r in _sector(c.sector) if r.ticker != c.ticker]
    return rng.choice(rivals) if rivals else None


def extras(desk: Desk, c: Company, positive: bool, topic: str) -> list[str]:
    """Optional paragraphs in the order an editor would cut them last to first."""
    if desk.source.kind == "pr":
        return [desk.exec_quote(c, topic, positive=True)]
    # Companies do not comment on analysts' calls; the analyst's note is the story.
    head = [] if topic == "analyst" else [desk.exec_quote(c, topic, positive)]
    head.append(desk.analyst_quote(c, topic, positive))
    head.append(desk.dissent(c, positive))
    if topic != "analyst":
        head.insert(1, desk.plans(c))
    tail = [
        *desk.rng.sample(banks.CONTEXT[c.sector], 2),
        desk.background(c),
        desk.valuation(c),
        desk.ratings(c),
        desk.ytd(c),
        desk.market(),
        desk.calendar(c),
        desk.volume(),
        desk.risks(c),
        desk.history(c),
        desk.strategy(c),
    ]
    desk.rng.shuffle(tail)
    return head + tail


def pr_closing(desk: Desk, c: Company) -> tuple[str, ...]:
    """The boilerplate every press release ends with."""
    if desk.source.kind != "pr":
        return ()
    formal = desk.formal(c)
    segs = ", ".join(c.segments[:-1]) + f" and {c.segments[-1]}"
    _, contact = desk.executive(c, "Head of Investor Relations")
    return (
        f"About {formal}",
        f"{formal} is {banks.SECTOR_ABOUT[c.sector]}. Its businesses include {segs}.",
        "Forward-looking statements: This release contains forward-looking statements, "
        "including statements about expected growth, capital returns and the timing of "
        "transactions. These statements involve risks and uncertainties, and actual results "
        f"may differ materially. {formal} undertakes no obligation to update them.",
        f"Investor contact: {contact}, Investor Relations",
    )


# -------------------------------------------------------------------- company news


def _eps_line(desk: Desk, c: Company, beat: bool) -> str | None:
    if c.eps is None:
        return None
    rng = desk.rng
    eps = c.eps * rng.uniform(0.9, 1.12)
    gap = abs(eps) * rng.uniform(0.03, 0.15)
    est = eps - gap if beat else eps + gap
    if eps >= 0:
        return (
            f"Adjusted earnings were {per_share(c, eps)} a share, "
            f"{'ahead of' if beat else 'short of'} the consensus forecast of "
            f"{per_share(c, est)}."
        )
    return (
        f"The adjusted loss came to {per_share(c, eps)} a share, "
        f"{'narrower' if beat else 'wider'} than the {per_share(c, est)} loss analysts had "
        "forecast."
    )


def earnings(desk: Desk, c: Company) -> Draft:
    rng = desk.rng
    outcome = rng.choices(("beat", "miss", "mixed"), weights=(5, 3, 2))[0]
    positive = outcome != "miss"
    f = desk.fill(c)
    growth = rng.uniform(1.5, 24) if positive else rng.uniform(-11, 4)
    revenue = c.revenue * rng.uniform(0.94, 1.08)
    gap = rng.uniform(0.006, 0.045)
    estimate = revenue / (1 + gap) if outcome == "beat" else revenue * (1 + gap)
    change = desk.move(positive if outcome != "mixed" else rng.random() < 0.5)
    quarter = FISCAL_QUARTER.get(c.ticker, "third-quarter")
    driver = rng.choice((banks.POS_DRIVERS if positive else banks.NEG_DRIVERS)[c.sector])
    drag = rng.choice(banks.NEG_DRIVERS[c.sector])
    name = desk.headline_name(c)
    headline = rng.choice(
        {
            "beat": (
                f"{name} beats quarterly estimates on {driver}",
                f"{name} tops revenue forecasts as {f['seg']} revenue jumps {f['pct2']}%",
                f"{name} quarterly revenue of {money(c.ccy, revenue)} beats expectations",
            ),
            "miss": (
                f"{name} misses revenue estimates, hurt by {driver}",
                f"{name} shares drop {pct(change)}% after quarterly results disappoint",
                f"{name} falls short of forecasts as demand in {f['seg']} softens",
            ),
            "mixed": (
                f"{name} profit tops forecasts but revenue falls short",
                f"{name} posts mixed quarter as {drag} weighs on revenue",
            ),
        }[outcome]
    )
    lead = (
        f"{desk.dateline(c)}{desk.first(c)} said {desk.report_day()} that {quarter} revenue "
        f"{'rose' if growth > 0 else 'fell'} {pct(growth)}% from a year earlier to "
        f"{money(c.ccy, revenue)}, {'above' if outcome == 'beat' else 'below'} the "
        f"{money(c.ccy, estimate)} analysts had expected on average."
    )
    kpi = rng.choice((banks.KPI_POS if positive else banks.KPI_NEG)[c.sector]).format(**f)
    eps = _eps_line(desk, c, beat=positive)
    why = f"{sentence(desk.descriptor(c))} {'credited' if positive else 'blamed'} {driver}."
    core = [lead, " ".join(p for p in (eps, kpi) if p), why, desk.reaction(c, change)]
    consensus = revenue * rng.uniform(0.99, 1.06)
    outlook = consensus * (rng.uniform(1.01, 1.05) if positive else rng.uniform(0.93, 0.99))
    guide = (
        f"For the current quarter, {desk.name(c)} forecast revenue of about "
        f"{money(c.ccy, outlook)}, {'above' if positive else 'below'} the "
        f"{money(c.ccy, consensus)} analysts expect."
    )
    more = (guide, *extras(desk, c, positive, "results"))
    return Draft("earnings", headline, tuple(core), more, (c,))


def guidance(desk: Desk, c: Company) -> Draft:
    rng = desk.rng
    raise_ = rng.random() < 0.6
    driver = rng.choice((banks.POS_DRIVERS if raise_ else banks.NEG_DRIVERS)[c.sector])
    annual = c.revenue * 4 * rng.uniform(0.95, 1.08)
    prev_lo, prev_hi = annual * 0.97, annual * 1.0
    shift = rng.uniform(0.01, 0.04) * (1 if raise_ else -1)
    lo, hi = prev_lo * (1 + shift), prev_hi * (1 + shift)
    name = desk.headline_name(c)
    headline = rng.choice(
        (
            f"{name} raises full-year forecast on {driver}",
            f"{name} lifts 2026 outlook; shares climb",
            f"{name} boosts annual revenue guidance to as much as {money(c.ccy, hi)}",
        )
        if raise_
        else (
            f"{name} cuts annual outlook, citing {driver}",
            f"{name} warns on full-year revenue; shares slide",
            f"{name} lowers 2026 forecast as demand in {desk.fill(c)['seg']} slows",
        )
    )
    lead = (
        f"{desk.dateline(c)}{desk.first(c)} {'raised' if raise_ else 'lowered'} its full-year "
        f"revenue forecast {desk.report_day()}, saying it now expects {money(c.ccy, lo)} to "
        f"{money(c.ccy, hi)}, compared with its previous range of {money(c.ccy, prev_lo)} to "
        f"{money(c.ccy, prev_hi)}."
    )
    core = [lead, f"{sentence(desk.descriptor(c))} pointed to {driver}."]
    if c.eps is not None and c.eps > 0:
        eps = c.eps * 4 * (1 + shift)
        core.append(
            f"It {'raised' if raise_ else 'cut'} its adjusted earnings forecast to "
            f"{per_share(c, eps * 0.98)} to {per_share(c, eps * 1.02)} a share."
        )
    core.append(desk.reaction(c, desk.move(raise_, 1.0, 8.0)))
    more = tuple(extras(desk, c, raise_, "guidance"))
    return Draft("guidance", headline, tuple(core), more, (c,))


_BULL = ("Buy", "Outperform", "Overweight")
_NEUTRAL = ("Neutral", "Hold", "Equal Weight", "Market Perform")
_BEAR = ("Underperform", "Sell", "Underweight")


def analyst(desk: Desk, c: Company) -> Draft:
    rng = desk.rng
    action = rng.choice(("upgrade", "downgrade", "initiate", "target_up", "target_down"))
    positive = action in ("upgrade", "initiate", "target_up")
    firm, who = desk.analyst(c)
    old_pt = c.price * rng.uniform(0.85, 1.15)
    new_pt = old_pt * (rng.uniform(1.05, 1.3) if positive else rng.uniform(0.75, 0.95))
    new = rng.choice(_BULL if positive else (_NEUTRAL + _BEAR))
    old = rng.choice(_NEUTRAL if action == "upgrade" else _BULL)
    reason = rng.choice(banks.UPGRADE_REASONS if positive else banks.DOWNGRADE_REASONS)
    reason = reason.format(**desk.fill(c))
    name, first = desk.headline_name(c), desk.first(c)
    pt, was = price(c, new_pt), price(c, old_pt)
    headline, lead = {
        "upgrade": (
            f"{firm} upgrades {name} to {new}, citing {reason}",
            f"{firm} upgraded {first} to {new} from {old} and raised its price target to {pt} "
            f"from {was}.",
        ),
        "downgrade": (
            f"{name} cut to {new} at {firm} on {reason}",
            f"{firm} downgraded {first} to {new} from {old} and lowered its price target to "
            f"{pt} from {was}.",
        ),
        "initiate": (
            f"{firm} starts {name} at {new} with {pt} price target",
            f"{firm} began coverage of {first} with {an(new)} {new} rating and a price target "
            f"of {pt}.",
        ),
        "target_up": (
            f"{firm} raises {name} price target to {pt}, reiterates {new}",
            f"{firm} raised its price target on {first} to {pt} from {was} and kept its {new} "
            "rating.",
        ),
        "target_down": (
            f"{firm} trims {name} price target to {pt} on {reason}",
            f"{firm} cut its price target on {first} to {pt} from {was}, keeping "
            f"{an(new)} {new} rating.",
        ),
    }[action]
    f = desk.fill(c)
    upside = (new_pt / c.price - 1) * 100
    consensus = rng.uniform(3, 18)
    own = consensus * (rng.uniform(1.15, 1.6) if positive else rng.uniform(0.4, 0.85))
    core = (
        f"{desk.dateline(c)}{lead}",
        f"Analyst {who} wrote in a note to clients that the call reflects {reason}. The new "
        f"target implies {pct(upside)}% {'upside' if upside >= 0 else 'downside'} from the "
        f"stock's last close.",
        f"{who.split()[-1]} expects revenue from {f['seg']} to grow {pct(own)}% next year, "
        f"{'ahead of' if positive else 'below'} the consensus forecast of {pct(consensus)}%.",
        desk.reaction(c, desk.move(positive, 0.4, 4.5)),
    )
    return Draft("analyst", headline, core, tuple(extras(desk, c, positive, "analyst")), (c,))


# What a buyer in each sector family acquires: (description, name endings that fit it).
_DEAL_AREAS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "tech": (
        ("cybersecurity startup", ("Security", "Labs")),
        ("AI infrastructure software company", ("Systems", "Software", "Labs")),
        ("data analytics firm", ("Analytics", "Software")),
    ),
    "health": (
        ("biotech developing treatments for autoimmune diseases", ("Therapeutics", "Biosciences")),
        ("cancer drug developer", ("Therapeutics", "Biosciences")),
    ),
    "industry": (
        ("maker of battery storage systems", ("Energy", "Materials", "Systems")),
        ("industrial software company", ("Software", "Robotics", "Systems")),
    ),
    "consumer": (
        ("direct-to-consumer brand", ("Brands", "Goods")),
        ("fast-growing snack and beverage maker", ("Foods", "Brands")),
    ),
    "finance": (
        ("wealth-management platform", ("Wealth", "Capital")),
        ("payments startup serving small businesses", ("Payments", "Pay")),
    ),
}


def deal(desk: Desk, c: Company) -> Draft:
    rng = desk.rng
    area, endings = rng.choice(_DEAL_AREAS[_family(c)])
    target = f"{rng.choice(people.TARGET_FIRST)} {rng.choice(endings)}"
    value = max(0.3, c.revenue * rng.uniform(0.02, 0.35))
    amt = money(c.ccy, value)
    name = desk.headline_name(c)
    sell = rng.random() < 0.3
    seg = rng.choice(c.segments)
    if sell:
        buyer = rng.choice(people.PE_FIRMS)
        headline = rng.choice(
            (
                f"{name} to sell stake in {seg} unit to {buyer} for {amt}",
                f"{name} agrees {amt} sale of {seg} stake to private equity",
            )
        )
        lead = (
            f"{desk.dateline(c)}{desk.first(c)} agreed to sell a minority stake in its {seg} "
            f"business to private equity firm {buyer} for {amt}, it said {desk.report_day()}."
        )
        why = (
            f"The sale values the unit at about {money(c.ccy, value * rng.uniform(2.5, 4))} "
            f"and will help fund investment in its core businesses, {desk.descriptor(c)} said."
        )
    else:
        headline = rng.choice(
            (
                f"{name} to buy {target} for {amt}",
                f"{name} agrees {amt} deal for {target}",
                f"{name} to acquire {area.split()[0]} firm {target} in {amt} deal",
            )
        )
        lead = (
            f"{desk.dateline(c)}{desk.first(c)} said {desk.report_day()} it had agreed to "
            f"acquire {target}, a privately held {area}, for {amt} in cash."
        )
        why = (
            f"The deal will add about {money(c.ccy, value * rng.uniform(0.08, 0.3))} in annual "
            f"revenue and is expected to add to adjusted earnings within "
            f"{rng.choice(('two', 'three'))} years, the company said."
        )
    adv1, adv2 = rng.sample(people.BROKERS, 2)
    core = (
        lead,
        why,
        f"The transaction has been approved by the boards of both companies and is expected "
        f"to close in the {rng.choice(('first half', 'first quarter', 'second quarter'))} of "
        f"2027, subject to regulatory approvals. {adv1} advised {desk.name(c)}, and {adv2} "
        f"advised the other side.",
        desk.reaction(c, desk.move(rng.random() < 0.6, 0.3, 4.0)),
    )
    more = tuple(extras(desk, c, True, "deal"))
    return Draft("deal", headline, core, more, (c,), pr_closing(desk, c))


# Who sells AI, cloud and chips to other companies; consumer apps (Uber, Airbnb) do not.
_PARTNERS = tuple(
    p for p in COMPANIES if p.sector in ("software", "semis", "hardware", "ecommerce")
) + tuple(p for p in COMPANIES if p.ticker in ("GOOGL", "META"))


def partnership(desk: Desk, c: Company) -> Draft:
    rng = desk.rng
    partner = rng.choice([p for p in _PARTNERS if p.ticker != c.ticker])
    work = rng.choice(banks.PARTNER_WORK[_family(c)])
    years = rng.choice(("three", "five", "seven"))
    a, b = desk.headline_name(c), desk.headline_name(partner)
    headline = rng.choice(
        (
            f"{a} picks {b} to {work}",
            f"{b} and {a} sign {years}-year AI deal",
            f"{a} expands partnership with {b} to {work}",
        )
    )
    pf = desk.fill(partner)
    core = (
        f"{desk.dateline(c)}{desk.first(c)} said {desk.report_day()} it had signed a "
        f"{years}-year agreement with {desk.first(partner)} to {work}.",
        f"Financial terms were not disclosed. The companies said the work would start in "
        f"{rng.choice(('January', 'the first quarter', 'the spring'))} and would involve "
        f"several hundred engineers.",
        f"For {desk.name(partner)}, the deal adds to a growing list of large customers for its "
        f"{pf['seg']} business, which grew {pf['pct']}% last quarter.",
        desk.reaction(partner, desk.move(True, 0.3, 3.5)),
    )
    more = (desk.exec_quote(c, "partnership"), *extras(desk, partner, True, "partnership"))
    return Draft("partnership", headline, core, more, (c, partner), pr_closing(desk, c))


def launch(desk: Desk, c: Company) -> Draft:
    rng = desk.rng
    product = rng.choice(c.products)
    short = product.removeprefix("a ").removeprefix("an ")
    verb = rng.choice(("unveils", "launches", "rolls out", "announces"))
    headline = f"{desk.headline_name(c)} {verb} {short}"
    f = desk.fill(c)
    aim = rng.choice(
        (
            f"seeks to defend its lead in {f['seg']}",
            f"tries to revive growth in {f['seg']}",
            "looks for new sources of revenue",
            "responds to pressure from rivals",
        )
    )
    past = {"unveils": "unveiled", "launches": "launched", "rolls out": "rolled out"}.get(
        verb, "announced"
    )
    core = [
        f"{desk.dateline(c)}{desk.first(c)} {past} {product} {desk.report_day()}, as "
        f"{desk.descriptor(c)} {aim}.",
        f"The company said the rollout would begin "
        f"{rng.choice(('in January', 'early next year', 'in the first quarter of 2027'))} in "
        f"the United States and {rng.choice(('Europe', 'Japan', 'major markets'))}, with "
        f"pricing details to follow.",
    ]
    companies = [c]
    rival = _pick_rival(rng, c) if rng.random() < 0.5 and desk.source.kind != "pr" else None
    if rival is not None:
        companies.append(rival)
        core.append(
            f"The move puts {desk.name(c)} in more direct competition with {desk.first(rival)}, "
            f"which {rng.choice(('has been expanding its own offerings in the area', 'launched a similar product earlier this year', 'is expected to respond with price cuts'))}."  # noqa: E501
        )
    core.append(desk.reaction(c, desk.move(rng.random() < 0.7, 0.2, 3.8)))
    return Draft(
        "launch",
        headline,
        tuple(core),
        tuple(extras(desk, c, True, "launch")),
        tuple(companies),
        pr_closing(desk, c),
    )


def layoffs(desk: Desk, c: Company) -> Draft:
    rng = desk.rng
    jobs = rng.randrange(8, 150) * 100
    share = rng.uniform(1.5, 12)
    driver = rng.choice(banks.NEG_DRIVERS[c.sector])
    name = desk.headline_name(c)
    headline = rng.choice(
        (
            f"{name} to cut about {jobs:,} jobs in cost-saving push",
            f"{name} plans {share:.0f}% workforce reduction amid {driver}",
            f"{name} to lay off {jobs:,} workers in restructuring",
        )
    )
    charge = max(0.05, c.revenue * rng.uniform(0.005, 0.03))
    title, who = desk.executive(c, "Chief Operating Officer")
    where = f" seen by {desk.outlet()}" if desk.source.kind != "pr" else ""
    core = (
        f"{desk.dateline(c)}{desk.first(c)} plans to cut about {jobs:,} jobs, or roughly "
        f"{share:.1f}% of its workforce, {desk.descriptor(c)} said {desk.report_day()}, as it "
        f"tries to offset {driver}.",
        f"The company expects pre-tax charges of {money(c.ccy, charge)} to "
        f"{money(c.ccy, charge * 1.3)}, mostly for severance, and annual savings of about "
        f"{money(c.ccy, charge * rng.uniform(1.2, 2.5))} once the plan is complete by the end "
        f"of 2027.",
        f'"These are difficult decisions that affect colleagues we value," {title} {who} '
        f"wrote in a memo to staff{where}.",
        desk.reaction(c, desk.move(rng.random() < 0.65, 0.3, 4.5)),
    )
    more = tuple(extras(desk, c, False, "restructuring"))
    return Draft("layoffs", headline, core, more, (c,))


_INDICATIONS = (
    "moderate-to-severe plaque psoriasis",
    "obesity",
    "heart failure",
    "early Alzheimer's disease",
    "non-small cell lung cancer",
    "chronic migraine",
    "ulcerative colitis",
)
_CODE_PREFIX = {
    "PFE": "PF-",
    "LLY": "LY",
    "MRK": "MK-",
    "ABBV": "ABBV-",
    "JNJ": "JNJ-",
    "AZN": "AZD",
}


def regulatory(desk: Desk, c: Company) -> Draft:
    rng = desk.rng
    if c.sector == "pharma" and rng.random() < 0.6:
        return _approval(desk, c)
    agency, short, topic = rng.choice(
        banks.REGULATORY.get(c.sector) or banks.REGULATORY[_family(c)]
    )
    name, first = desk.headline_name(c), desk.first(c)
    amt = money(c.ccy, max(0.05, c.revenue * rng.uniform(0.003, 0.03)))
    mode = rng.choice(("probe", "fine", "settle"))
    headline, lead = {
        "probe": (
            f"{short} opens probe into {name} over {topic}",
            f"{sentence(agency)} has opened an investigation into {possessive(first)} {topic}, "
            f"{desk.descriptor(c)} disclosed {desk.report_day()}.",
        ),
        "fine": (
            f"{short} fines {name} {amt} over {topic}",
            f"{sentence(agency)} fined {first} {amt} {desk.report_day()} over its {topic}, one "
            f"of the largest penalties of its kind.",
        ),
        "settle": (
            f"{name} to pay {amt} to settle {short} case over {topic}",
            f"{first} agreed to pay {amt} to resolve an investigation by {agency} into its "
            f"{topic}, without admitting or denying wrongdoing.",
        ),
    }[mode]
    core = (
        f"{desk.dateline(None)}{lead}",
        f"{desk.name(c)} said it had cooperated fully and "
        f"{'would appeal' if mode == 'fine' else 'did not expect a material financial impact'}"
        f". The company has {rng.choice(('long disputed', 'rejected', 'not commented on'))} "
        "the allegations at the center of the case.",
        f"The case is one of several {rng.choice(('regulatory', 'legal', 'political'))} "
        f"challenges facing {desk.descriptor(c)}, which also faces scrutiny in "
        f"{rng.choice(('Europe', 'several U.S. states', 'Asia'))}.",
        desk.reaction(c, desk.move(False, 0.2, 3.5)),
    )
    return Draft("regulatory", headline, core, tuple(extras(desk, c, False, "legal")), (c,))


def _approval(desk: Desk, c: Company) -> Draft:
    rng = desk.rng
    drug = f"{_CODE_PREFIX.get(c.ticker, 'NX-')}{rng.randrange(1000, 9999)}"
    indication = rng.choice(_INDICATIONS)
    name = desk.headline_name(c)
    headline = rng.choice(
        (
            f"FDA approves {possessive(name)} {indication} treatment",
            f"{name} wins U.S. approval for {indication} drug",
        )
    )
    patients = rng.randrange(2, 40) * 100
    core = (
        f"{desk.dateline(c)}The U.S. Food and Drug Administration approved "
        f"{possessive(desk.first(c))} "
        f"{drug} for adults with {indication}, {desk.descriptor(c)} said {desk.report_day()}.",
        f"The approval was based on late-stage trials involving about {patients:,} patients, "
        f"in which the drug met its main goals with a {pct(rng.uniform(18, 55))}% improvement "
        "over placebo.",
        f"Analysts expect annual sales of the drug to reach "
        f"{money(c.ccy, rng.uniform(0.8, 6))} by 2030.",
        desk.reaction(c, desk.move(True, 0.5, 6.0)),
    )
    return Draft(
        "regulatory",
        headline,
        core,
        tuple(extras(desk, c, True, "approval")),
        (c,),
        pr_closing(desk, c),
    )


_COURTS = (
    "federal court in San Francisco",
    "a Delaware state court",
    "federal court in Manhattan",
    "the High Court in London",
    "federal court in Texas",
)


def lawsuit(desk: Desk, c: Company) -> Draft:
    rng = desk.rng
    topic, claim = rng.choice(banks.LAWSUITS[_family(c)])
    court = rng.choice(_COURTS)
    amt = money(c.ccy, max(0.03, c.revenue * rng.uniform(0.002, 0.02)))
    name, first = desk.headline_name(c), desk.first(c)
    mode = rng.choice(("filed", "verdict", "settled"))
    headline, lead, reply = {
        "filed": (
            f"{name} sued over {topic}",
            f"{first} was sued {desk.report_day()} in {court} by "
            f"{rng.choice(('a group of shareholders', 'consumers seeking class-action status', 'a coalition of state attorneys general'))} "  # noqa: E501
            f"over {claim}.",
            "We believe the claims are without merit and will defend ourselves vigorously",
        ),
        "verdict": (
            f"Jury orders {name} to pay {amt} in {topic} case",
            f"A jury in {court} ordered {first} to pay {amt} over {claim}.",
            "We disagree with the verdict and will appeal",
        ),
        "settled": (
            f"{name} agrees to pay {amt} to settle {topic} lawsuit",
            f"{first} agreed to pay {amt} to settle a lawsuit over {claim}, according to a "
            f"court filing {desk.report_day()}.",
            "We are pleased to put this matter behind us",
        ),
    }[mode]
    core = (
        f"{desk.dateline(None)}{lead}",
        f'"{reply}," a spokesperson for {desk.name(c)} said.',
        f"The plaintiffs' lawyers said the case covered conduct going back to "
        f"{rng.randrange(2015, 2023)}. {desk.name(c)} did not admit wrongdoing.",
        desk.reaction(c, desk.move(mode == "settled", 0.1, 2.8)),
    )
    return Draft("lawsuit", headline, core, tuple(extras(desk, c, False, "legal")), (c,))


# Companies that pay no regular dividend announce buybacks only.
_NO_DIVIDEND = frozenset(
    {"AMZN", "TSLA", "BRK.B", "UBER", "ABNB", "BA", "NFLX", "ADBE", "INTC", "AMD", "PYPL"}
)


_QUARTERLY_YIELD: dict[str, tuple[float, float]] = {
    "hardware": (0.001, 0.003),
    "software": (0.0008, 0.004),
    "internet": (0.0006, 0.002),
    "semis": (0.0003, 0.004),
    "energy": (0.008, 0.016),
    "telecom": (0.01, 0.017),
}


def _dividend(c: Company, value: float) -> str:
    if c.px_ccy == "p":
        return f"{value:.1f} pence"
    if c.px_ccy == "¥":
        return f"¥{value:.0f}"
    return f"{c.px_ccy}{value:.2f}"


def capital_return(desk: Desk, c: Company) -> Draft:
    rng = desk.rng
    buyback = money(c.ccy, max(0.5, min(c.revenue * rng.uniform(0.1, 0.6), 90)))
    name = desk.headline_name(c)
    authorize = (
        f"its board authorized the repurchase of up to {buyback} of stock, replacing the "
        "existing authorization, which was nearly used up"
    )
    if c.ticker in _NO_DIVIDEND:
        headline = rng.choice(
            (
                f"{name} unveils {buyback} share repurchase plan",
                f"{name} authorizes {buyback} buyback",
            )
        )
        core: tuple[str, ...] = (
            f"{desk.dateline(c)}{desk.first(c)} said {desk.report_day()} that {authorize}.",
            f"{sentence(desk.descriptor(c))} does not pay a regular dividend and has used "
            "buybacks to return cash to shareholders.",
            desk.reaction(c, desk.move(True, 0.2, 2.5)),
        )
    else:
        raise_pct = rng.uniform(3, 15)
        quarterly_yield = rng.uniform(*_QUARTERLY_YIELD.get(c.sector, (0.004, 0.011)))
        dividend = c.price * quarterly_yield
        headline = rng.choice(
            (
                f"{name} raises quarterly dividend {raise_pct:.0f}%, adds {buyback} buyback",
                f"{name} boosts dividend by {raise_pct:.0f}%",
                f"{name} unveils {buyback} share repurchase plan, lifts payout",
            )
        )
        core = (
            f"{desk.dateline(c)}{desk.first(c)} said {desk.report_day()} its board approved "
            f"{an(f'{raise_pct:.1f}')} {raise_pct:.1f}% increase in the quarterly dividend to "
            f"{_dividend(c, dividend)} a share, payable on Jan. 15 to shareholders of record on "
            "Dec. 11.",
            f"Separately, {authorize}.",
            f"At the last closing price the new payout equals an annual yield of about "
            f"{quarterly_yield * 400:.1f}%.",
            desk.reaction(c, desk.move(True, 0.2, 2.5)),
        )
    return Draft(
        "capital_return",
        headline,
        core,
        tuple(extras(desk, c, True, "capital")),
        (c,),
        pr_closing(desk, c),
    )


def exec_change(desk: Desk, c: Company) -> Draft:
    rng = desk.rng
    title, old = desk.executive(c, "Chief Financial Officer")
    new = people.person(rng)
    while new.split()[-1] == old.split()[-1]:
        new = people.person(rng)
    origin = rng.choice(
        (
            f"a veteran of {rng.choice(people.BROKERS)}",
            "its head of corporate development",
            "the finance chief of a large European rival",
            "its treasurer",
        )
    )
    headline = rng.choice(
        (
            f"{desk.headline_name(c)} names {new} finance chief",
            f"{desk.headline_name(c)} CFO {old} to step down; {new} to succeed",
        )
    )
    core = (
        f"{desk.dateline(c)}{desk.first(c)} said {desk.report_day()} that {new}, "
        f"{origin}, will become {title.lower()} on {rng.choice(('Jan. 1', 'Feb. 1', 'March 1'))}"
        f", succeeding {old}, who has held the role since {rng.randrange(2016, 2023)}.",
        f"{old.split()[0]} will stay on as an adviser through the transition. The company said "
        "the change was not the result of any disagreement over its financial reporting.",
        desk.reaction(c, desk.move(rng.random() < 0.5, 0.1, 2.0)),
    )
    return Draft(
        "exec_change",
        headline,
        core,
        tuple(extras(desk, c, True, "leadership")),
        (c,),
        pr_closing(desk, c),
    )


COMPANY_TEMPLATES: tuple[tuple[str, Template, int], ...] = (
    ("earnings", earnings, 18),
    ("guidance", guidance, 7),
    ("analyst", analyst, 16),
    ("deal", deal, 6),
    ("partnership", partnership, 5),
    ("launch", launch, 8),
    ("layoffs", layoffs, 5),
    ("regulatory", regulatory, 7),
    ("lawsuit", lawsuit, 5),
    ("capital_return", capital_return, 6),
    ("exec_change", exec_change, 3),
)
# Kinds a company may put out itself, so a press-release wire can carry them.
PR_KINDS = frozenset({"launch", "capital_return", "exec_change", "deal", "partnership"})
