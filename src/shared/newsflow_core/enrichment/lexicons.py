"""Word lists for the lexicon engine: stopwords, a finance sentiment lexicon, places,
institutions, titles and abbreviations.

Hand-curated for English financial news; the sentiment words follow the spirit of the
Loughran-McDonald finance dictionary (words that are neutral in everyday English, like
"liability" or "cost", are left out). Inflections are listed, not stemmed, so lookups are
a set membership test.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


EN_STOPWORDS = _words(
    """
    a about above after again against all also am an and any are aren't as at be because
    been before being below between both but by can cannot could couldn't did didn't do does
    doesn't doing don't down during each few for from further had hadn't has hasn't have
    haven't having he he'd he'll he's her here here's hers herself him himself his how how's
    i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my
    myself no nor not of off on once only or other ought our ours ourselves out over own
    same shan't she she'd she'll she's should shouldn't so some such than that that's the
    their theirs them themselves then there there's these they they'd they'll they're
    they've this those through to too under until up very was wasn't we we'd we'll we're
    we've were weren't what what's when when's where where's which while who who's whom why
    why's will with won't would wouldn't you you'd you'll you're you've your yours yourself
    yourselves 's may might must shall just now since per via upon among amid within without
    """
)

# Distinctive function words of other languages; a text is English when English stopwords
# outnumber each of these (and make up a fair share of its words).
OTHER_STOPWORDS: dict[str, frozenset[str]] = {
    "de": _words(
        "der die das und ist nicht ein eine einen dem den des mit sich auch auf für von zu"
        " im bei nach wird wurde sind aus oder aber wie noch nur über"
    ),
    "fr": _words(
        "le la les et est une des du dans pour pas que qui sur avec par au aux ce cette sont"
        " ont été être mais plus leur"
    ),
    "es": _words(
        "el la los las y es una del en por para con que se su sus al lo como más pero fue"
        " son está muy también"
    ),
    "it": _words(
        "il lo la gli le e è una del della dei delle che per con non sono nel nella anche"
        " più come alla degli"
    ),
    "nl": _words(
        "de het een en is van niet dat op te zijn voor met ook aan bij maar als naar wordt"
        " worden heeft werd deze"
    ),
    "pt": _words(
        "o os as e é um uma do da dos das em no na para com não que se por mais foi são"
        " também pelo pela"
    ),
}

POSITIVE = _words(
    """
    beat beats beating surpass surpassed surpasses exceed exceeded exceeds exceeding
    topped outperform outperformed outperforms outperforming upgrade upgraded upgrades
    gain gains gained gaining surge surged surges surging soar soared soars soaring jump
    jumped jumps jumping rally rallied rallies rallying rise rises rising rose climb climbed
    climbs climbing advance advanced advances rebound rebounded rebounds recover recovered
    recovery boost boosted boosts strong stronger strongest strength robust solid record
    growth grow grew grows growing expand expanded expands expansion profit profits
    profitable profitability improve improved improves improvement upbeat optimistic
    optimism bullish outperform overweight raise raised raises hike hiked dividend
    buyback buybacks win wins won award awarded breakthrough innovative success successful
    successfully accelerate accelerated accelerating momentum upside positive favorable
    favourable exceptional impressive healthy resilient approval approved
    approves milestone partnership tailwind tailwinds benefit benefited benefits
    """
)

NEGATIVE = _words(
    """
    miss missed misses missing fall falls fell falling drop dropped drops dropping plunge
    plunged plunges plunging tumble tumbled tumbles tumbling slump slumped slumps sink sank
    sinks sinking slide slid slides sliding decline declined declines declining decrease
    decreased slip slipped slips crash crashed sell-off selloff downgrade downgraded
    downgrades cut cuts cutting slash slashed slashes loss losses lose losing lost weak
    weaker weakest weakness weakened slowdown slowing slow slowed sluggish lawsuit lawsuits
    sue sued sues suing litigation probe probes investigation investigated fined
    penalty penalties fraud scandal recall recalls recalled layoff layoffs laid bankruptcy
    bankrupt default defaulted defaults warn warned warns warning warnings bearish
    pessimistic concern concerns worried worries worry risky volatile volatility
    uncertainty uncertain headwind headwinds pressure pressured shortfall disappoint
    disappointed disappointing disappoints underperform underperformed underweight
    halt halted suspend suspended delay delayed delays shortage shortages deficit
    impairment writedown write-down restructuring closure closures shutdown strike strikes
    negative adverse downturn recession crisis turmoil fears fear struggle
    struggled struggles struggling tariffs sanctions breach hack hacked
    outage antitrust violation violations resign resigned resignation ousted
    """
)

# Two-word phrases whose polarity differs from their words (checked before single words).
PHRASE_POLARITY: dict[tuple[str, str], float] = {
    ("record", "low"): -1.0,
    ("record", "loss"): -1.0,
    ("record", "losses"): -1.0,
    ("all-time", "high"): 1.0,
    ("record", "high"): 1.0,
    ("cost", "cuts"): 0.5,
    ("cost", "cutting"): 0.5,
    ("job", "cuts"): -1.0,
    ("rate", "cut"): 0.5,
    ("rate", "cuts"): 0.5,
    ("price", "target"): 0.0,
    ("short", "squeeze"): 0.0,
}

NEGATORS = _words("not no never without neither nor hardly barely n't cannot fails failed")

# Headline and boilerplate words that make poor key phrases on their own.
KEY_PHRASE_NOISE = _words(
    """
    said says say told according also would could year years today tuesday monday wednesday
    thursday friday saturday sunday week weeks month months day days percent per cent inc
    corp co ltd plc company companies new one two three first last next time including
    reuters bloomberg reported report reports statement like well still even many much
    """
)

# Capitalised words that start sentences; an abbreviation before one of these ends one.
SENTENCE_STARTERS = _words(
    """
    the a an it its he she they we i this that these those in on at but and as for after
    while when meanwhile however also still shares analysts investors its his her their
    there despite although though if yet so separately earlier later last next some many
    most other both each according under
    """
)

ABBREVIATIONS_NEVER_END = _words(
    "mr. mrs. ms. dr. prof. sen. rep. gov. gen. lt. col. capt. sgt. st. vs. v. no. nos."
    " e.g. i.e. approx. fig. ft. mt. messrs. hon. rev. pres. supt. cf."
)
ABBREVIATIONS_MAYBE_END = _words(
    "inc. corp. co. ltd. llc. plc. bros. jr. sr. etc. u.s. u.k. e.u. n.y. d.c. l.p. s.a."
    " n.v. a.m. p.m. ave. blvd. dept. est. govt. intl. assn. mfg."
)
MONTH_ABBREVIATIONS = _words("jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec.")

# Legal-form tokens that may follow a company name ("Apple Inc.", "Goldman Sachs Group").
LEGAL_SUFFIXES = _words(
    "Inc Incorporated Corp Corporation Co Company Ltd Limited LLC plc PLC Plc LP L.P. AG SE"
    " SA S.A. NV N.V. GmbH KGaA ASA Oyj AB SpA S.p.A. p.l.c. Group Holdings Holding"
)

# Tokens that end an organisation name the lexicon engine does not know by name.
ORG_SUFFIXES = LEGAL_SUFFIXES | _words(
    "Bank Capital Partners Technologies Technology Motors Airlines Pharmaceuticals"
    " Therapeutics Systems Industries Financial Securities Investments Ventures Brands Foods"
    " Entertainment Semiconductor Semiconductors Communications Insurance Labs Associates"
    " Energy Resources Enterprises Networks Petroleum Mining Airways Bancshares Trust"
)

# Institutions the tagger does not list but news names all the time.
INSTITUTIONS = (
    "Federal Reserve",
    "Fed",
    "Securities and Exchange Commission",
    "SEC",
    "European Central Bank",
    "ECB",
    "Bank of England",
    "Bank of Japan",
    "People's Bank of China",
    "International Monetary Fund",
    "IMF",
    "World Bank",
    "OPEC",
    "Treasury",
    "U.S. Treasury",
    "Justice Department",
    "Department of Justice",
    "Federal Trade Commission",
    "FTC",
    "Commerce Department",
    "Labor Department",
    "Food and Drug Administration",
    "FDA",
    "European Commission",
    "European Union",
    "EU",
    "Congress",
    "Senate",
    "White House",
    "Pentagon",
    "New York Stock Exchange",
    "NYSE",
    "Nasdaq",
    "S&P Global",
    "Moody's",
    "Fitch",
    "Reuters",
    "Bloomberg",
    "Wall Street Journal",
    "Financial Times",
    "Department of Energy",
    "Internal Revenue Service",
    "IRS",
    "Consumer Financial Protection Bureau",
    "Federal Deposit Insurance Corporation",
    "FDIC",
)

GPES = (
    # countries and unions
    "United States",
    "U.S.",
    "US",
    "USA",
    "America",
    "United Kingdom",
    "U.K.",
    "UK",
    "Britain",
    "Great Britain",
    "England",
    "Scotland",
    "Ireland",
    "Canada",
    "Mexico",
    "Brazil",
    "Argentina",
    "Chile",
    "Colombia",
    "Peru",
    "Venezuela",
    "Germany",
    "France",
    "Italy",
    "Spain",
    "Portugal",
    "Netherlands",
    "Belgium",
    "Switzerland",
    "Austria",
    "Sweden",
    "Norway",
    "Denmark",
    "Finland",
    "Poland",
    "Greece",
    "Turkey",
    "Russia",
    "Ukraine",
    "Israel",
    "Iran",
    "Iraq",
    "Saudi Arabia",
    "United Arab Emirates",
    "UAE",
    "Qatar",
    "Egypt",
    "Nigeria",
    "South Africa",
    "Kenya",
    "India",
    "Pakistan",
    "China",
    "Hong Kong",
    "Taiwan",
    "Japan",
    "South Korea",
    "Korea",
    "North Korea",
    "Singapore",
    "Malaysia",
    "Indonesia",
    "Thailand",
    "Vietnam",
    "Philippines",
    "Australia",
    "New Zealand",
    "Europe",
    "Asia",
    "Africa",
    "Latin America",
    "Middle East",
    # cities
    "New York",
    "New York City",
    "Washington",
    "San Francisco",
    "Los Angeles",
    "Chicago",
    "Boston",
    "Seattle",
    "Houston",
    "Dallas",
    "Austin",
    "Atlanta",
    "Miami",
    "Detroit",
    "Denver",
    "Cupertino",
    "Redmond",
    "Menlo Park",
    "Mountain View",
    "Palo Alto",
    "Silicon Valley",
    "Santa Clara",
    "Omaha",
    "London",
    "Paris",
    "Frankfurt",
    "Berlin",
    "Munich",
    "Amsterdam",
    "Zurich",
    "Geneva",
    "Brussels",
    "Madrid",
    "Milan",
    "Rome",
    "Stockholm",
    "Dublin",
    "Moscow",
    "Beijing",
    "Shanghai",
    "Shenzhen",
    "Tokyo",
    "Osaka",
    "Seoul",
    "Mumbai",
    "New Delhi",
    "Delhi",
    "Bangalore",
    "Sydney",
    "Melbourne",
    "Toronto",
    "Vancouver",
    "Dubai",
    "Riyadh",
    "Tel Aviv",
    "Sao Paulo",
    "Mexico City",
    # U.S. states (those that are not also common words)
    "Alabama",
    "Alaska",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "Florida",
    "Georgia",
    "Hawaii",
    "Idaho",
    "Illinois",
    "Indiana",
    "Iowa",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maine",
    "Maryland",
    "Massachusetts",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "North Carolina",
    "North Dakota",
    "Ohio",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "Tennessee",
    "Texas",
    "Utah",
    "Vermont",
    "Virginia",
    "Washington State",
    "West Virginia",
    "Wisconsin",
    "Wyoming",
)

# Titles before a person's name, lower-cased token sequences ("Chief Executive Tim Cook").
PERSON_TITLES = (
    "chief executive officer",
    "chief executive",
    "ceo",
    "chief financial officer",
    "cfo",
    "chief operating officer",
    "coo",
    "chief technology officer",
    "cto",
    "chief investment officer",
    "cio",
    "chief economist",
    "chairman",
    "chairwoman",
    "chair",
    "president",
    "vice president",
    "founder",
    "co-founder",
    "analyst",
    "economist",
    "strategist",
    "mr",
    "mrs",
    "ms",
    "dr",
    "senator",
    "sen",
    "rep",
    "gov",
    "governor",
    "secretary",
    "treasury secretary",
    "commissioner",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "director",
    "portfolio manager",
    "fund manager",
    "fed chair",
    "fed chairman",
    "billionaire",
    "investor",
    "executive",
    "head",
)

# Words after "Name Name," that make the name a person ("Tim Cook, Apple's chief executive").
APPOSITIVE_TITLE_WORDS = _words(
    "chief ceo cfo coo cto president chairman chairwoman chair founder co-founder analyst"
    " economist strategist head director executive spokesperson spokesman spokeswoman"
    " manager partner secretary governor senator investor billionaire"
)

# Capitalised words that are never part of a person's name after a title.
NOT_NAME_WORDS = _words(
    """
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Inc Corp Co Ltd Group Officer
    Executive Chief Financial Operating Technology Investment President Chairman The And
    Of For Said Says
    """
)

# Words near an ambiguous company name ("Apple", "Target", "Visa") that show it is the
# company: market, corporate and reporting vocabulary. Lower-case.
COMPANY_CONTEXT_WORDS = _words(
    """
    shares share stock stocks investors investor analysts analyst earnings revenue
    revenues profit profits sales quarter quarterly fiscal results guidance forecast
    forecasts outlook ceo cfo chief executive executives company firm retailer maker
    chipmaker automaker carmaker bank lender insurer giant brand said says reported
    reports announced announces posted beat missed raised cut layoffs acquisition acquire
    acquired merger deal market valuation dividend buyback billion million percent rose
    fell jumped slid tumbled surged rallied gained dropped nasdaq nyse traded trading
    stake ipo customers products stores payments network subscribers users devices
    iphone smartphones cards refinery oil gas drilling pharma drug vaccine board
    chairman lawsuit regulators antitrust inc corp plc ltd recall recalled recalls vehicles
    cars trucks plant plants factory factories workers employees jobs rival rivals
    competitor competitors competition unit division subsidiary headquarters aircraft jets
    restaurants beverages shoppers retail contract contracts supplier suppliers advised
    """
)

# A company quoted as the source of an opinion or advice is mentioned, not written about: "an
# analyst at Goldman Sachs", "Morgan Stanley analysts said", "UBS upgraded Apple to buy",
# "Citi advised Broadcom". Lower-case.
SOURCE_ROLE_NOUNS = _words(
    "analyst analysts strategist strategists economist economists research researchers"
)
AFFILIATION_WORDS = _words("at with from of")
SOURCE_ACTION_VERBS = _words(
    "upgrades upgraded upgrade downgrades downgraded downgrade initiates initiated starts"
    " started began begins reiterates reiterated resumes resumed advised advises advising"
)
PRICE_TARGET_VERBS = _words(
    "raises raised cuts cut trims trimmed lifts lifted lowers lowered boosts boosted hikes"
    " hiked slashes slashed"
)
RATINGS = _words(
    "buy sell hold neutral overweight underweight outperform underperform equal-weight"
    " market-perform sector-perform peer-perform strong-buy accumulate reduce"
)
FORMER_EMPLOYER_WORDS = _words("veteran formerly previously former alumnus")
