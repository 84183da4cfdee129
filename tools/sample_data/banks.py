"""Sentence banks, by sector, that the article templates fill with numbers.

Placeholders: {co} company press name, {desc} descriptor ("the chipmaker"), {seg}/{seg2}
business lines, {pct}/{pct2} growth percentages, {npct} a decline, {bps} basis points,
{amt} a money amount, {charge} a smaller one (charges, costs), {prod} a product. Every
template is filled with ``str.format`` from one mapping (``Desk.fill``) that carries all
of them, so any sentence may use any.
"""

from __future__ import annotations

DESCRIPTORS: dict[str, tuple[str, ...]] = {
    "hardware": ("the hardware maker", "the tech giant"),
    "software": ("the software maker", "the enterprise software company"),
    "ecommerce": ("the online retailer", "the e-commerce giant"),
    "internet": ("the internet company", "the tech group"),
    "semis": ("the chipmaker", "the semiconductor company"),
    "auto": ("the automaker", "the carmaker"),
    "bank": ("the bank", "the lender"),
    "energy": ("the oil major", "the energy company"),
    "pharma": ("the drugmaker", "the pharmaceutical group"),
    "retail": ("the retailer", "the big-box chain"),
    "staples": ("the consumer goods maker", "the packaged goods company"),
    "media": ("the media company", "the entertainment group"),
    "aerospace": ("the aerospace company", "the manufacturer"),
    "payments": ("the payments company", "the card network"),
    "conglomerate": ("the conglomerate", "the Omaha-based company"),
    "insurer": ("the health insurer", "the managed-care company"),
    "restaurants": ("the restaurant chain", "the chain"),
    "apparel": ("the sportswear maker", "the apparel company"),
    "industrial": ("the industrial group", "the equipment maker"),
    "telecom": ("the telecom operator", "the carrier"),
    "luxury": ("the luxury group", "the luxury goods maker"),
}

# Overrides that read like a newsroom knows the company.
NICKNAMES: dict[str, str] = {
    "AAPL": "the iPhone maker",
    "NVDA": "the AI chip leader",
    "TSLA": "the electric-vehicle maker",
    "BA": "the planemaker",
    "CAT": "the heavy-equipment maker",
    "MCD": "the burger chain",
    "SBUX": "the coffee chain",
    "LLY": "the Mounjaro maker",
    "ASML": "the Dutch chip-equipment maker",
    "NESN": "the KitKat maker",
    "MC": "the Louis Vuitton owner",
    "NFLX": "the streaming giant",
    "KO": "the soft-drink maker",
    "DIS": "the Mickey Mouse owner",
    "GOOGL": "the Google parent",
    "META": "the Facebook parent",
    "UBER": "the ride-hailing company",
    "ABNB": "the home-rental platform",
    "ORCL": "the database maker",
    "SAP": "the German software group",
    "SIE": "the German engineering group",
    "7203": "the world's largest automaker by sales",
    "HSBA": "the Asia-focused lender",
    "ULVR": "the Dove soap maker",
    "WMT": "the world's largest retailer",
    "XOM": "the largest U.S. oil producer",
}

SECTOR_ABOUT: dict[str, str] = {
    "hardware": "a technology company that designs devices, networking gear and services",
    "software": "a provider of enterprise software and cloud services",
    "ecommerce": "an online retailer and cloud computing provider",
    "internet": "a technology company whose platforms reach billions of people",
    "semis": "a semiconductor company",
    "auto": "a global automaker",
    "bank": "a global financial services firm",
    "energy": "an integrated energy company",
    "pharma": "a research-based biopharmaceutical company",
    "retail": "a retailer operating stores and e-commerce sites",
    "staples": "a consumer goods company with brands sold in more than 180 countries",
    "media": "a media and entertainment company",
    "aerospace": "an aerospace and defense company",
    "payments": "a global payments technology company",
    "conglomerate": "a holding company with insurance, rail, energy and manufacturing businesses",
    "insurer": "a health care and well-being company",
    "restaurants": "a restaurant company with locations in more than 80 countries",
    "apparel": "a designer and marketer of athletic footwear and apparel",
    "industrial": "a manufacturer of industrial machinery and technology",
    "telecom": "a provider of wireless and broadband connectivity",
    "luxury": "a group of luxury houses in fashion, wines and spirits, and jewelry",
}

# Why a quarter went well: completes "... as/after/on {driver}".
POS_DRIVERS: dict[str, tuple[str, ...]] = {
    "hardware": (
        "stronger-than-expected upgrades in its largest product line",
        "record sales of higher-priced models",
        "growth in subscription services that carry fatter margins",
    ),
    "software": (
        "accelerating demand for its cloud and AI products",
        "large enterprise deals that closed earlier than planned",
        "customers moving more workloads to its cloud",
    ),
    "ecommerce": (
        "faster growth at its cloud computing unit",
        "a surge in high-margin advertising sales",
        "quicker deliveries that lifted shopping frequency",
    ),
    "internet": (
        "robust advertising demand",
        "AI-driven improvements in ad targeting",
        "rising engagement across its apps",
    ),
    "semis": (
        "insatiable demand for AI data center chips",
        "a recovery in PC and smartphone orders",
        "higher prices for its most advanced products",
    ),
    "auto": (
        "strong demand for hybrids and pickup trucks",
        "lower warranty costs and firm pricing",
        "a rebound in deliveries in China",
    ),
    "bank": (
        "a rebound in dealmaking and trading revenue",
        "higher net interest income",
        "lower-than-expected credit losses",
    ),
    "energy": (
        "record output from its Permian and offshore fields",
        "stronger refining margins",
        "cost cuts that offset softer crude prices",
    ),
    "pharma": (
        "blockbuster sales of its newest medicines",
        "strong uptake of recently launched drugs",
        "better-than-expected demand for its immunology portfolio",
    ),
    "retail": (
        "higher-income shoppers trading down to its stores",
        "strong online sales and a growing ad business",
        "steady demand for everyday essentials",
    ),
    "staples": (
        "price increases that stuck without hurting volumes",
        "resilient demand for its premium brands",
        "productivity savings that widened margins",
    ),
    "media": (
        "subscriber growth and price increases at its streaming service",
        "a hit slate of films and series",
        "record attendance at its parks",
    ),
    "aerospace": (
        "strong demand for aftermarket engine services",
        "higher aircraft deliveries",
        "a growing backlog of defense orders",
    ),
    "payments": (
        "resilient consumer spending",
        "double-digit growth in cross-border travel spending",
        "rising adoption of its value-added services",
    ),
    "conglomerate": (
        "higher investment income at its insurance businesses",
        "improved underwriting results",
        "higher freight volumes at its railroad",
    ),
    "insurer": (
        "medical costs that came in below its own forecasts",
        "growth in its pharmacy services business",
        "membership gains in commercial plans",
    ),
    "restaurants": (
        "value deals that brought customers back",
        "higher traffic at its U.S. locations",
        "strong growth in digital and loyalty sales",
    ),
    "apparel": (
        "a rebound in wholesale orders",
        "strong demand for new running shoes",
        "less discounting on its own websites",
    ),
    "industrial": (
        "booming orders for data center power equipment",
        "pricing gains and a record backlog",
        "strong demand from mining and energy customers",
    ),
    "telecom": (
        "more postpaid phone subscribers than expected",
        "fiber broadband additions",
        "lower churn after price locks",
    ),
    "luxury": (
        "a return to growth in China",
        "strong demand for its jewelry brands",
        "resilient spending by wealthy American shoppers",
    ),
}

NEG_DRIVERS: dict[str, tuple[str, ...]] = {
    "hardware": (
        "weak demand in China",
        "higher component costs",
        "a slower-than-expected upgrade cycle",
    ),
    "software": (
        "customers delaying large contracts",
        "slowing growth in its core cloud business",
        "heavy spending on AI infrastructure that squeezed margins",
    ),
    "ecommerce": (
        "a slowdown at its cloud unit",
        "higher shipping costs",
        "cautious spending by shoppers on discretionary items",
    ),
    "internet": (
        "rising costs for AI data centers",
        "softer advertising spending in Europe",
        "regulatory fines that weighed on profit",
    ),
    "semis": (
        "an inventory glut in industrial and auto chips",
        "export restrictions on sales to China",
        "delays in its newest manufacturing process",
    ),
    "auto": (
        "tariff costs and heavy discounting",
        "losses on electric vehicles",
        "falling sales in China and Europe",
    ),
    "bank": (
        "higher provisions for loan losses",
        "a slump in investment banking fees",
        "rising deposit costs that squeezed lending margins",
    ),
    "energy": (
        "lower crude and natural gas prices",
        "weaker refining margins",
        "unplanned maintenance at key facilities",
    ),
    "pharma": (
        "falling sales of older drugs facing generic competition",
        "lower prices under new U.S. drug-pricing rules",
        "a late-stage trial failure",
    ),
    "retail": (
        "weaker spending on big-ticket items",
        "a slowdown in home improvement projects",
        "higher labor costs and markdowns",
    ),
    "staples": (
        "shoppers switching to cheaper store brands",
        "falling volumes after repeated price increases",
        "higher commodity costs",
    ),
    "media": (
        "a weak box office",
        "declines at its cable networks",
        "slower subscriber growth",
    ),
    "aerospace": (
        "production problems and supply-chain bottlenecks",
        "cost overruns on fixed-price defense programs",
        "delays in certifying new aircraft",
    ),
    "payments": (
        "slowing growth in branded checkout",
        "higher incentives paid to merchants and banks",
        "softer consumer spending",
    ),
    "conglomerate": (
        "losses from catastrophe claims",
        "lower freight volumes at its railroad",
        "weaker results at its energy unit",
    ),
    "insurer": (
        "elevated medical costs among older members",
        "lower government reimbursement rates",
        "higher use of specialty drugs",
    ),
    "restaurants": (
        "declining traffic among lower-income diners",
        "higher beef and coffee costs",
        "weak sales in China",
    ),
    "apparel": (
        "heavy discounting to clear inventory",
        "tariff costs on shoes made in Asia",
        "weak demand in Greater China",
    ),
    "industrial": (
        "weaker demand for construction equipment",
        "tariff costs on imported components",
        "lower orders from factory-automation customers",
    ),
    "telecom": (
        "fewer new subscribers amid aggressive promotions",
        "declines in legacy business wireline revenue",
        "higher handset subsidies",
    ),
    "luxury": (
        "a slump in Chinese demand",
        "fewer aspirational shoppers",
        "weakness in wines and spirits",
    ),
}

KPI_POS: dict[str, tuple[str, ...]] = {
    "hardware": (
        "Revenue from {seg} rose {pct}%, while {seg2} sales climbed {pct2}%.",
        "Gross margin widened to {margin}%, the highest in more than a decade.",
    ),
    "software": (
        "Revenue from {seg} grew {pct}%, and remaining performance obligations, a measure of "
        "contracted future revenue, rose {pct2}% to {amt}.",
        "Operating margin expanded by {bps} basis points as {seg} revenue grew {pct}%.",
    ),
    "ecommerce": (
        "Sales at {seg} rose {pct}%, the fastest pace in three years, while {seg2} grew {pct2}%.",
        "Operating income at {seg} came in at {amt}, up {pct}% from a year earlier.",
    ),
    "internet": (
        "Revenue from {seg} increased {pct}%, and {seg2} revenue rose {pct2}%.",
        "Daily active users across its services rose {small_pct}% to {users} billion.",
    ),
    "semis": (
        "Revenue from {seg} jumped {pct}% to {amt}, accounting for most of the company's growth.",
        "Gross margin came in at {margin}%, ahead of the company's own forecast.",
    ),
    "auto": (
        "Deliveries rose {pct}% to {units} vehicles, and automotive gross margin excluding "
        "regulatory credits improved to {margin}%.",
        "Its {seg} unit earned {amt} before interest and taxes, up {pct}%.",
    ),
    "bank": (
        "Net interest income rose {pct}% to {amt}, while investment banking fees climbed {pct2}%.",
        "Revenue at its {seg} business rose {pct}%, and return on tangible common equity was "
        "{roe}%.",
    ),
    "energy": (
        "Production averaged {boe} million barrels of oil equivalent per day, up {small_pct}%.",
        "Earnings from {seg} rose to {amt}, and the company generated {amt2} of free cash flow.",
    ),
    "pharma": (
        "Sales of {seg} products rose {pct}% to {amt}.",
        "Revenue from {seg} climbed {pct}%, helping offset declines elsewhere in the portfolio.",
    ),
    "retail": (
        "Comparable sales rose {small_pct}%, with transactions up {small_pct2}% and e-commerce "
        "sales up {pct}%.",
        "Sales at {seg} rose {small_pct}%, and the company's advertising business grew {pct}%.",
    ),
    "staples": (
        "Organic sales rose {small_pct}%, helped by {small_pct2}% higher prices.",
        "Sales in {seg} rose {small_pct}%, and gross margin widened by {bps} basis points.",
    ),
    "media": (
        "Revenue from {seg} rose {pct}%, and operating income in the unit more than doubled.",
        "The company added {subs} million streaming subscribers in the quarter.",
    ),
    "aerospace": (
        "Orders rose {pct}% and the company's backlog reached a record {amt_big}.",
        "Revenue from {seg} climbed {pct}%, and free cash flow was {amt}.",
    ),
    "payments": (
        "Payments volume rose {small_pct}% and cross-border volume increased {pct}%.",
        "Net revenue from {seg} rose {pct}% to {amt}.",
    ),
    "conglomerate": (
        "Operating earnings rose {pct}% to {amt}, helped by {seg}.",
        "Its cash pile grew to a record {amt_big} as it sold more stocks than it bought.",
    ),
    "insurer": (
        "The medical care ratio improved to {mcr}% from {mcr2}% a year earlier.",
        "Revenue at {seg} rose {pct}% to {amt}.",
    ),
    "restaurants": (
        "Global comparable sales rose {small_pct}%, and U.S. same-store sales increased "
        "{small_pct2}%.",
        "Sales in {seg} rose {small_pct}%, driven by higher traffic.",
    ),
    "apparel": (
        "Revenue from {seg} rose {small_pct}%, and gross margin improved by {bps} basis points.",
        "Inventory fell {pct}% from a year earlier, a sign that discounting is easing.",
    ),
    "industrial": (
        "Orders rose {pct}%, lifting the backlog to a record {amt_big}.",
        "Sales in {seg} climbed {pct}%, and operating margin widened to {margin}%.",
    ),
    "telecom": (
        "The company added {subs_k} postpaid phone subscribers, more than analysts expected.",
        "Revenue from {seg} rose {small_pct}%, and churn improved to {churn}%.",
    ),
    "luxury": (
        "Organic sales in {seg} rose {small_pct}%, beating forecasts.",
        "Sales in {seg} grew {pct}%, while {seg2} was roughly flat.",
    ),
}

KPI_NEG: dict[str, tuple[str, ...]] = {
    "hardware": (
        "Revenue from {seg} fell {npct}%, and sales in Greater China dropped {npct2}%.",
        "Gross margin narrowed to {margin}% as component costs rose.",
    ),
    "software": (
        "Revenue from {seg} grew just {small_pct}%, down from {pct2}% in the prior quarter.",
        "Billings fell {npct}%, and the company said two large deals slipped into next year.",
    ),
    "ecommerce": (
        "Growth at {seg} slowed to {small_pct}%, while operating margin narrowed.",
        "Operating income at {seg} fell {npct}% to {amt}.",
    ),
    "internet": (
        "Capital spending jumped {pct}% to {amt}, and costs grew faster than revenue.",
        "Revenue from {seg} rose only {small_pct}%, well short of forecasts.",
    ),
    "semis": (
        "Revenue from {seg} fell {npct}% to {amt}, and inventory days rose sharply.",
        "Gross margin slid to {margin}%, below the company's own forecast.",
    ),
    "auto": (
        "Deliveries fell {npct}% to {units} vehicles, and the {seg} unit lost {charge}.",
        "The company booked {charge} in tariff-related costs during the quarter.",
    ),
    "bank": (
        "Provisions for credit losses rose {pct}% to {charge}, and net interest income slipped "
        "{npct}%.",
        "Investment banking fees fell {npct}%, and revenue at {seg} declined.",
    ),
    "energy": (
        "Earnings from {seg} fell {npct}% to {amt}, and output slipped to {boe} million barrels "
        "of oil equivalent per day.",
        "Its realized crude price fell {npct}% from a year earlier.",
    ),
    "pharma": (
        "Sales of {seg} products fell {npct}% to {amt}.",
        "The company took a {charge} charge tied to a discontinued research program.",
    ),
    "retail": (
        "Comparable sales fell {small_pct}%, as the number of transactions declined.",
        "Sales at {seg} slipped {npct}%, and gross margin narrowed by {bps} basis points.",
    ),
    "staples": (
        "Organic sales fell {small_pct}% as volumes dropped {small_pct2}%.",
        "Sales in {seg} declined {npct}%, and gross margin narrowed by {bps} basis points.",
    ),
    "media": (
        "Revenue from {seg} fell {npct}%, and operating income in the unit dropped by a third.",
        "The company lost {subs} million streaming subscribers during the quarter.",
    ),
    "aerospace": (
        "The company burned {charge} of cash, and revenue from {seg} fell {npct}%.",
        "It took a {charge} charge on fixed-price programs.",
    ),
    "payments": (
        "Growth in {seg} slowed to {small_pct}%, and transaction margins narrowed.",
        "Payments volume grew just {small_pct}%, the weakest pace in two years.",
    ),
    "conglomerate": (
        "Operating earnings fell {npct}% to {amt} as {seg} results weakened.",
        "It recorded {amt} of investment losses during the quarter.",
    ),
    "insurer": (
        "The medical care ratio rose to {mcr}% from {mcr2}% a year earlier.",
        "Revenue at {seg} fell {npct}%, and the company cut its earnings outlook.",
    ),
    "restaurants": (
        "Global comparable sales fell {small_pct}%, and U.S. traffic declined.",
        "Sales in {seg} dropped {npct}%, hurt by price competition.",
    ),
    "apparel": (
        "Revenue from {seg} fell {npct}%, and gross margin narrowed by {bps} basis points.",
        "Sales in Greater China dropped {npct}%, the fifth straight quarterly decline.",
    ),
    "industrial": (
        "Sales in {seg} fell {npct}%, and operating margin slipped to {margin}%.",
        "Orders declined {npct}%, and the company flagged {charge} in tariff costs.",
    ),
    "telecom": (
        "The company lost {subs_k} postpaid phone subscribers, and churn rose to {churn}%.",
        "Revenue from {seg} fell {npct}%.",
    ),
    "luxury": (
        "Organic sales in {seg} fell {small_pct}%, worse than analysts had expected.",
        "Sales in {seg} declined {npct}%, led by weakness in Asia.",
    ),
}

CONTEXT: dict[str, tuple[str, ...]] = {
    "hardware": (
        "Investors have been watching whether new AI features can shorten replacement cycles "
        "that have stretched to more than four years for many consumer devices.",
        "Tariffs on electronics assembled in Asia remain a swing factor for margins in the "
        "hardware industry, and several companies have moved final assembly to India and "
        "Vietnam.",
    ),
    "software": (
        "Software stocks have lagged chipmakers this year as investors question whether AI "
        "agents will expand the market for business applications or cannibalize seat-based "
        "pricing.",
        "Large enterprises have been consolidating vendors, and deal cycles have lengthened "
        "as finance chiefs scrutinize every new subscription.",
    ),
    "ecommerce": (
        "Online retail is growing roughly three times faster than overall retail sales in the "
        "United States, and advertising on shopping sites has become one of the industry's "
        "most profitable businesses.",
        "Cloud computing remains the main profit engine for large e-commerce groups, and "
        "investors track its growth rate closely.",
    ),
    "internet": (
        "Big technology companies are expected to spend more than $400 billion on data "
        "centers this year, and investors want evidence that the investment is paying off in "
        "revenue.",
        "Regulators in Brussels and Washington continue to scrutinize how large platforms "
        "treat rivals, advertisers and users' data.",
    ),
    "semis": (
        "Chip stocks have been among the best performers in the market for three years, "
        "driven by spending on AI accelerators, memory and networking gear.",
        "Export controls on advanced chips and chipmaking tools to China remain a risk for "
        "the industry, which earns a large share of its revenue in Asia.",
    ),
    "auto": (
        "Automakers have scaled back electric-vehicle spending after U.S. tax credits "
        "expired, and are leaning on hybrids and trucks to protect profit.",
        "Tariffs on imported vehicles and parts have added billions of dollars in costs for "
        "carmakers this year.",
    ),
    "bank": (
        "Large U.S. banks have benefited from a revival in mergers, stock sales and trading, "
        "and from regulators' plans to ease capital requirements.",
        "Credit quality has held up better than many analysts feared, although card and auto "
        "loan delinquencies among lower-income borrowers remain elevated.",
    ),
    "energy": (
        "Crude prices have fallen this year as OPEC+ restored output, pushing oil majors to "
        "cut costs and slow the pace of share buybacks.",
        "Oil companies are betting on natural gas demand from power-hungry data centers and "
        "on liquefied natural gas exports.",
    ),
    "pharma": (
        "Drugmakers face a wave of patent expirations later this decade and are buying "
        "biotech companies to refill their pipelines.",
        "The U.S. government's push to tie American drug prices to those paid abroad has "
        "weighed on the sector's valuations.",
    ),
    "retail": (
        "U.S. consumers have kept spending, but they are choosier, trading down to cheaper "
        "brands and waiting for promotions.",
        "The holiday quarter typically accounts for a large share of annual profit for "
        "retailers, and early forecasts point to modest sales growth.",
    ),
    "staples": (
        "Packaged food and household goods makers are struggling to grow volumes after years "
        "of price increases, and some shoppers are switching to private labels.",
        "The spread of GLP-1 weight-loss drugs has raised questions about long-term demand "
        "for snacks and sugary drinks.",
    ),
    "media": (
        "Media companies are consolidating as streaming matures and traditional TV audiences "
        "shrink.",
        "Sports rights have become the most valuable programming for streaming services, "
        "which are bidding against broadcasters and tech companies.",
    ),
    "aerospace": (
        "Airlines are short of new jets, and the shortage has kept demand for spare parts and "
        "engine maintenance high.",
        "Defense budgets in the United States and Europe are rising, but fixed-price contracts "
        "have left some contractors exposed to cost overruns.",
    ),
    "payments": (
        "Card networks have been resilient because they earn a fee on every transaction "
        "without taking on credit risk.",
        "Stablecoins and account-to-account payments are emerging as long-term challenges to "
        "the card networks' dominance.",
    ),
    "conglomerate": (
        "The conglomerate's huge cash pile has fueled speculation about a large acquisition.",
        "Its insurance businesses generate float that the company invests in stocks, bonds "
        "and whole businesses.",
    ),
    "insurer": (
        "Health insurers have been hit by a surge in medical costs, especially among older "
        "Americans in Medicare Advantage plans.",
        "Government reimbursement rates for private Medicare plans are a key swing factor "
        "for the industry's profits next year.",
    ),
    "restaurants": (
        "Fast-food chains are fighting for lower-income customers with value menus and "
        "discount bundles.",
        "Coffee and beef prices have risen sharply this year, squeezing restaurant margins.",
    ),
    "apparel": (
        "Sportswear makers have faced stiff competition from newer running brands and a "
        "pullback in spending by younger consumers.",
        "Most athletic shoes sold in the United States are made in Vietnam, China and "
        "Indonesia, leaving the industry exposed to tariffs.",
    ),
    "industrial": (
        "Industrial companies tied to power generation and data centers have thrived, while "
        "those exposed to housing and factories have struggled.",
        "Infrastructure spending and reshoring of manufacturing are supporting order books "
        "across the sector.",
    ),
    "telecom": (
        "The U.S. wireless market is saturated, and carriers are competing with bundles of "
        "home broadband and mobile service.",
        "Cable companies selling mobile plans have taken share from traditional carriers at "
        "the low end of the market.",
    ),
    "luxury": (
        "The luxury industry is in its longest downturn in more than a decade, as Chinese "
        "shoppers cut back and aspirational customers balk at higher prices.",
        "Wealthy American shoppers have been the industry's most reliable customers this year.",
    ),
}

# What executives say, by the kind of news; "results+" and "results-" follow the numbers.
EXEC_QUOTES: dict[str, tuple[str, ...]] = {
    "results+": (
        "Customers are leaning into {seg}, and we see that momentum carrying into next year",
        "We delivered another quarter of disciplined execution and strong cash generation",
        "Demand remained healthy across every region, and our pipeline has never been stronger",
        "The investments we made over the past two years are now showing up in our results",
        "We are gaining share in {seg} while keeping a tight grip on costs",
    ),
    "results-": (
        "The quarter was more challenging than we expected, and we are not satisfied",
        "Conditions in {seg} weakened late in the quarter, and we are planning conservatively",
        "We have a clear plan to return to growth, but it will take time",
        "We are not going to chase volume at the expense of profitability",
    ),
    "deal": (
        "This acquisition accelerates our strategy and brings talented people into the company",
        "The combination gives customers a broader set of solutions and creates value for "
        "shareholders",
        "We have been disciplined about price, and this deal clears our return thresholds",
    ),
    "launch": (
        "This is the most significant update to the lineup in years",
        "Customers asked us for this, and we built it with them",
        "We see a large market opportunity, and we intend to lead it",
    ),
    "partnership": (
        "Working together lets us move faster than either company could alone",
        "This partnership puts the latest technology in the hands of our teams",
        "We chose a partner that can operate at our scale",
    ),
    "restructuring": (
        "We are taking decisive action to simplify the business and lower our cost base",
        "These changes position us to invest in the areas where we see the most growth",
        "We need to be faster and leaner, and this plan gets us there",
    ),
    "capital": (
        "Today's announcement reflects our confidence in the durability of our cash flows",
        "Returning capital to shareholders remains a priority, alongside investing in growth",
        "Our balance sheet gives us the flexibility to invest and to reward shareholders",
    ),
    "legal": (
        "We take these matters seriously and continue to cooperate with the authorities",
        "We believe our practices comply with the law",
        "We are committed to resolving this matter and moving forward",
    ),
    "leadership": (
        "I am confident the finance organization is in excellent hands",
        "This is a planned transition, and our strategy does not change",
    ),
    "approval": (
        "This approval gives patients a new option where there were few",
        "We expect to make the medicine available to patients within weeks",
    ),
}
ANALYST_QUOTES: dict[str, tuple[str, ...]] = {
    "results+": (
        "This was a clean beat, and the guidance suggests management is still being conservative",
        "The numbers put to rest concerns that {seg} demand was peaking",
        "The quality of the beat was high, with most of it coming from {seg}",
    ),
    "results-": (
        "The quarter raises real questions about the durability of growth in {seg}",
        "Expectations were too high going in, and the guidance does not help",
        "There is no way to spin this as anything other than a disappointing quarter",
    ),
    "general+": (
        "We think the market is underestimating how long this growth cycle can run",
        "Execution has been excellent, and the valuation still looks reasonable",
        "This is the right move, and it should support margins next year",
        "The strategy is finally starting to pay off",
    ),
    "general-": (
        "We would wait for better visibility before adding to positions",
        "Margins are the problem, and we do not see a quick fix",
        "The risks here are rising faster than the estimates reflect",
        "This adds to an already long list of uncertainties",
    ),
}

MACRO_THEMES: tuple[str, ...] = (
    "the outlook for Federal Reserve rate cuts",
    "fresh data on U.S. inflation",
    "the strength of holiday spending",
    "a rise in Treasury yields",
    "trade talks between Washington and Beijing",
    "the durability of the AI spending boom",
)

# Regulators, by sector family: (agency, headline short name, what they are looking at).
REGULATORY: dict[str, tuple[tuple[str, str, str], ...]] = {
    "tech": (
        ("the European Commission", "EU", "bundling of its products"),
        ("the U.S. Federal Trade Commission", "FTC", "acquisitions of AI startups"),
        ("the Justice Department", "DOJ", "licensing and pricing practices"),
        ("Britain's Competition and Markets Authority", "UK CMA", "software licensing terms"),
        ("the Commerce Department", "Commerce Department", "compliance with export controls"),
    ),
    "finance": (
        ("the Consumer Financial Protection Bureau", "CFPB", "overdraft fee practices"),
        ("the Securities and Exchange Commission", "SEC", "record-keeping of staff messages"),
        ("the Justice Department", "DOJ", "debit-card routing practices"),
        ("the Financial Conduct Authority", "UK FCA", "handling of customer complaints"),
    ),
    "health": (
        ("the Justice Department", "DOJ", "Medicare Advantage billing"),
        ("the Federal Trade Commission", "FTC", "rebate deals with pharmacy benefit managers"),
        ("the European Medicines Agency", "EMA", "manufacturing records at an Irish plant"),
    ),
    # Industry splits by sector: an automaker's regulator is not a planemaker's.
    "auto": (
        (
            "the National Highway Traffic Safety Administration",
            "NHTSA",
            "handling of a rear-view camera defect",
        ),
        ("the European Commission", "EU", "state subsidies for a new battery plant"),
    ),
    "aerospace": (
        ("the Federal Aviation Administration", "FAA", "quality controls at a supplier plant"),
        ("the Justice Department", "DOJ", "export-licensing practices"),
    ),
    "energy": (
        ("the Environmental Protection Agency", "EPA", "emissions reporting at two refineries"),
        ("the European Commission", "EU", "pricing of gas supply contracts"),
    ),
    "industrial": (
        ("the European Commission", "EU", "state subsidies for a new plant"),
        ("the Justice Department", "DOJ", "sales to sanctioned distributors"),
    ),
    "consumer": (
        ("the Federal Trade Commission", "FTC", "subscription cancellation practices"),
        ("the European Commission", "EU", "geo-blocking of online sales across borders"),
        ("the Food and Drug Administration", "FDA", "labeling claims on some products"),
    ),
}

SECTOR_FAMILY: dict[str, str] = {
    "hardware": "tech",
    "software": "tech",
    "ecommerce": "tech",
    "internet": "tech",
    "semis": "tech",
    "media": "consumer",
    "telecom": "tech",
    "bank": "finance",
    "payments": "finance",
    "conglomerate": "finance",
    "insurer": "health",
    "pharma": "health",
    "auto": "industry",
    "aerospace": "industry",
    "energy": "industry",
    "industrial": "industry",
    "retail": "consumer",
    "staples": "consumer",
    "restaurants": "consumer",
    "apparel": "consumer",
    "luxury": "consumer",
}

# Lawsuits, by sector family: (headline topic, "over ..." claim).
LAWSUITS: dict[str, tuple[tuple[str, str], ...]] = {
    "tech": (
        ("user data", "claims that it collected users' data without consent"),
        ("wireless patents", "allegations that it infringed patents on wireless technology"),
        ("AI disclosures", "claims that it misled investors about AI-related spending"),
    ),
    "finance": (
        ("payment-app fraud", "allegations that it failed to stop fraud on its payment apps"),
        ("currency fees", "claims that it overcharged customers on foreign-exchange fees"),
        ("interchange fees", "allegations that it fixed interchange fees with rivals"),
    ),
    "health": (
        ("drug safety", "claims that it hid safety risks of a widely used drug"),
        ("Medicare billing", "allegations that it overbilled Medicare"),
        ("biologic patent", "a patent dispute over a blockbuster biologic"),
    ),
    "industry": (
        ("faulty airbags", "claims that it sold vehicles with faulty airbags"),
        ("climate disclosures", "allegations that it understated climate risks to investors"),
        ("fatal accident", "claims over a fatal accident involving its products"),
    ),
    "consumer": (
        ("ingredient claims", "claims that it misled customers about product ingredients"),
        ("overtime pay", "allegations that it underpaid warehouse workers for overtime"),
        ("loyalty program", "claims that its loyalty program broke consumer-protection laws"),
    ),
}

# Why an analyst moved: completes "..., citing {reason}".
UPGRADE_REASONS: tuple[str, ...] = (
    "an improving margin outlook",
    "a more attractive valuation after the recent sell-off",
    "accelerating demand for its {seg} business",
    "upside to next year's earnings estimates",
    "a clearer path to share buybacks",
)
DOWNGRADE_REASONS: tuple[str, ...] = (
    "a stretched valuation",
    "slowing growth in {seg}",
    "rising competition",
    "risks to next year's profit forecasts",
    "limited upside after a strong run",
)

# For "{c1} picks {c2} to {work}": what the non-tech partner wants done, by family.
PARTNER_WORK: dict[str, tuple[str, ...]] = {
    "finance": (
        "modernize its core banking systems",
        "detect payment fraud in real time",
        "run AI assistants for its wealth advisers",
    ),
    "health": (
        "speed up drug discovery with AI models",
        "analyze clinical-trial data",
        "automate claims processing",
    ),
    "industry": (
        "build software-defined factories",
        "power in-car software and driver assistance",
        "monitor pipelines and plants with AI",
    ),
    "consumer": (
        "personalize recommendations for shoppers",
        "run AI-powered customer service",
        "forecast demand across its supply chain",
    ),
    "tech": (
        "expand its AI computing capacity",
        "co-develop custom chips for its data centers",
        "bring its AI models to enterprise customers",
    ),
}
