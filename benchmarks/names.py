"""Synthetic MSP client names, and the noise a vendor portal adds to them.

Names are built from word lists (surnames, places, brands, industries, organisation words)
in five forms: "Peterson Dental Group", "Smith & Jones Law", "Harbor View Chiropractic",
"Bluebird Technologies", "The Carter Foundation"; 85 % carry a legal form (Inc, LLC, Ltd ...).

The vendor side writes each client once, with the noise model of
our matching research notes (section 3): the legal form kept, swapped, dropped or
spuriously added; abbreviations (Enterprises -> Ent., Manufacturing -> Mfg, and some the
engine's fold table does not know, such as Engineering -> Engr); ``&`` <-> "and"; an
organisation word dropped; a leading "The" dropped; a one-character typo; UPPER/lower case;
punctuation stripped; doubled or trailing spaces. Rates are in :class:`Noise`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

SURNAMES = """
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris
Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill
Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips
Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers
Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson
Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo
Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell
Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson
Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera
Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez
McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns
Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt
Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer
Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant
Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight
Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado
Berry Perkins Hoffman Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence
Sandoval OBrien Gallagher Kowalski Novak Lindqvist Haddad Okafor Nakamura Rossi Moretti
Schneider Fischer Weber Becker Dubois Laurent Fontaine Kaur Singh Sharma Gupta Iyer
""".split()

PLACES = """
Harbor Lakeside Riverside Summit Valley Oak Maple Cedar Pine Willow Birch Aspen Granite
Prairie Coastal Bayview Hillcrest Northgate Southport Eastwood Westfield Brookside Fairview
Greenfield Highland Lakeview Meadow Mountain Ocean Parkside Ridgeview Stonebridge Sunrise
Sunset Timber Union Village Wildwood Canyon Cypress Desert Golden Silver Crystal Liberty
Heritage Pioneer Frontier Horizon Evergreen Redwood Sequoia Magnolia Juniper Laurel Hawthorne
Ashford Bridgewater Clearwater Crestwood Deerfield Edgewater Foxborough Glenwood Hampton
Kingston Lexington Madison Newport Oxford Princeton Quincy Richmond Salem Trenton Vernon
Windsor Yorktown Arlington Beacon Capitol Charter Colonial Commonwealth Empire Falcon
Gateway Keystone Landmark Metro Midtown Northstar Orchard Paramount Pinnacle Premier
""".split()

PLACE_SECOND = "View Point Creek Springs Ridge Park Hill Rock Bay Falls Grove Crossing".split()

BRANDS = """
Acme Apex Bluebird Brightpath Cobalt Corevia Crescent Dynamo Ember Everstone Flagship
Fulcrum Galaxy Ironclad Jetstream Keystone Lumina Meridian Nimbus Novus Omega Onyx Orbit
Paragon Quantum Radiant Sapphire Sterling Stratus Summitline Titan Trident Unity Vanguard
Vertex Zenith Allied Atlas Beacon Catalyst Clarity Compass Element Envision Equinox Fusion
Genesis Harmony Insight Integrity Kinetic Legacy Momentum Nexus Optimum Pulse Synergy
""".split()

INDUSTRIES = """
Dental Law Accounting Manufacturing Construction Engineering Medical Chiropractic Veterinary
Insurance Realty Logistics Plumbing Electric Roofing Landscaping Consulting Architecture
Pharmacy Bakery Automotive Orthodontics Dermatology Pediatrics Optometry Physical Therapy
Title Mortgage Wealth Advisors Tax Marketing Printing Staffing Fitness Nutrition Catering
Transport Freight Trucking Machining Fabrication Welding Millwork Cabinetry Flooring
Plastics Packaging Foods Farms Winery Brewing Dairy Lumber Steel Metals Glass Signs
Hospitality Travel Imaging Surgery Family Practice Counseling Home Health Hospice
Charter School Academy Montessori Church Ministries Credit Union Realtors Appraisal
Environmental Surveying Drilling Energy Solar Utilities Telecom Aviation Marine Courier
Development Communications Distribution Properties Financial
""".split()
# Multi-word industries are split above; rejoin the known pairs.
_PAIRS = {("Physical", "Therapy"), ("Family", "Practice"), ("Home", "Health"),
          ("Charter", "School"), ("Credit", "Union")}  # fmt: skip

ORG_WORDS = """
Group Partners Associates Enterprises Services Solutions Holdings Systems Technologies
Industries International Management Center Laboratories Clinic Company Consultants
Specialists Network Alliance Collective Studio Works Supply Professionals Brothers
""".split()

LEGAL_FORMS = (
    "Inc", "Inc.", "LLC", "L.L.C.", "Ltd", "Ltd.", "Corp", "Corp.", "Co", "Co.", "LLP", "PC",
    "P.C.", "PLLC", "Corporation", "Incorporated", "Limited", "Company",
)  # fmt: skip

# Abbreviations a vendor portal uses. Most are folded by recon.normalize; the ones marked
# "unknown" are not, so they test the fuzzy step and the review queue instead.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "Enterprises": ("Ent.", "Ent", "Ents"),
    "Manufacturing": ("Mfg", "Mfg."),
    "Technologies": ("Tech", "Techs", "Technology"),
    "International": ("Intl", "Int'l"),
    "Services": ("Svcs", "Svc", "Service"),
    "Associates": ("Assoc.", "Assoc", "Assocs"),
    "Laboratories": ("Labs", "Lab"),
    "Management": ("Mgmt", "Mgt"),
    "Group": ("Grp",),
    "Holdings": ("Hldgs", "Holding"),
    "Industries": ("Inds", "Industry"),
    "Medical": ("Med",),
    "Center": ("Ctr", "Centre"),
    "Brothers": ("Bros", "Bros."),
    "Partners": ("Ptnrs", "Partner"),
    "Properties": ("Props",),
    "Insurance": ("Ins",),
    "Financial": ("Fin",),
    "Foundation": ("Fdn",),
    "Consulting": ("Consult",),
    "Consultants": ("Consult",),
    "Accounting": ("Acctg",),
    "Construction": ("Constr",),
    "Distribution": ("Dist", "Distrib"),
    "Solutions": ("Solns", "Solution"),
    "Systems": ("Sys",),
    "Engineering": ("Engr", "Eng"),  # unknown to the fold table
    "Development": ("Dev",),  # unknown
    "Communications": ("Comms", "Comm"),  # unknown
    "Veterinary": ("Vet",),  # unknown
    "Pharmacy": ("Pharm",),  # unknown
    "Transport": ("Transp",),  # unknown
}

# Words that turn one client into a distinct sibling: "X Dental" vs "X Dental Lab".
TWIN_WORDS = (
    "Lab", "East", "West", "North", "South", "Holdings", "Realty", "Clinic", "Imaging",
    "Foundation", "Surgical", "Pediatrics", "Billing", "Trust",
)  # fmt: skip
TWIN_SITES = ("- East", "- West", "- North", "- Downtown", "- Airport", "of Texas", "of Ohio")


@dataclass(frozen=True, slots=True)
class ClientName:
    """A client name as parts, so noise can touch the words, the "The" and the legal form.

    Attributes:
        words: the distinguishing words, in order ("Smith", "&", "Jones", "Law").
        legal: the legal form ("LLC") or "".
        the: whether the name starts with "The".
    """

    words: tuple[str, ...]
    legal: str = ""
    the: bool = False

    def render(self, *, comma: bool = False) -> str:
        """The name as a person writes it: "The Smith & Jones Law, LLC"."""
        text = " ".join(self.words)
        if self.the:
            text = "The " + text
        if self.legal:
            text += ("," if comma else "") + " " + self.legal
        return text

    def with_words(self, extra: tuple[str, ...]) -> ClientName:
        """A sibling with more words before the legal form ("X Dental" -> "X Dental Lab")."""
        return replace(self, words=self.words + extra)


def _industries() -> list[str]:
    out: list[str] = []
    words = list(INDUSTRIES)
    i = 0
    while i < len(words):
        if i + 1 < len(words) and (words[i], words[i + 1]) in _PAIRS:
            out.append(f"{words[i]} {words[i + 1]}")
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


_INDUSTRY_PHRASES = _industries()


def random_name(rng: random.Random) -> ClientName:
    """One fresh client name (not checked for uniqueness; the caller does that)."""
    form = rng.random()
    industry = rng.choice(_INDUSTRY_PHRASES).split()
    org = [rng.choice(ORG_WORDS)] if rng.random() < 0.5 else []
    the = False
    if form < 0.35:
        words = [rng.choice(SURNAMES), *industry, *org]
    elif form < 0.50:
        tail = industry if rng.random() < 0.6 else []
        words = [rng.choice(SURNAMES), "&", rng.choice(SURNAMES), *tail]
    elif form < 0.75:
        place = [rng.choice(PLACES)]
        if rng.random() < 0.3:
            place.append(rng.choice(PLACE_SECOND))
        words = [*place, *industry, *org]
    elif form < 0.90:
        words = [rng.choice(BRANDS), rng.choice(ORG_WORDS)]
        if rng.random() < 0.3:
            words.insert(1, rng.choice(_INDUSTRY_PHRASES))
    else:
        the = True
        words = [rng.choice(SURNAMES + PLACES), rng.choice(("Foundation", "Group", "Trust"))]
    legal = rng.choice(LEGAL_FORMS) if rng.random() < 0.85 else ""
    return ClientName(tuple(" ".join(words).split()), legal, the)


def twin_of(name: ClientName, rng: random.Random) -> ClientName:
    """A distinct client whose name contains all of ``name`` plus a word or a site."""
    if rng.random() < 0.7:
        extra: tuple[str, ...] = (rng.choice(TWIN_WORDS),)
    else:
        extra = tuple(rng.choice(TWIN_SITES).split())
    return name.with_words(extra)


def numbered_pair(rng: random.Random) -> tuple[ClientName, ClientName]:
    """Two franchise sites that differ only by a number ("Pizza Palace Store 12" / "... 14")."""
    base = random_name(rng)
    first = rng.randint(2, 60)
    second = first + rng.randint(1, 9)
    label = rng.choice(("Store", "Location", "#", "Unit"))
    if label == "#":
        return base.with_words((f"#{first}",)), base.with_words((f"#{second}",))
    return base.with_words((label, str(first))), base.with_words((label, str(second)))


@dataclass(frozen=True, slots=True)
class Noise:
    """How often each kind of vendor-side noise happens (probabilities, 0-1).

    Defaults follow matching.md section 3, except that only organisation words are ever
    dropped (at 0.05, not 0.15): dropping an industry word makes a different company.
    """

    legal_swap: float = 0.25
    legal_drop: float = 0.25
    legal_add: float = 0.15
    abbreviate: float = 0.5
    ampersand: float = 0.5
    drop_org_word: float = 0.05
    drop_the: float = 0.5
    typo: float = 0.25
    upper: float = 0.15
    lower: float = 0.15
    strip_punctuation: float = 0.2
    extra_spaces: float = 0.1


def noisy(name: ClientName, rng: random.Random, noise: Noise) -> tuple[str, str]:
    """How a vendor portal might spell ``name``.

    Returns:
        The spelling, and the same spelling before any typo (the caller checks that even
        without the typo it names no other client: "X Trust Holdings" with its organisation
        word dropped is "X Trust", a different client, however it is then mistyped).
    """
    words = list(name.words)
    legal = name.legal
    roll = rng.random()
    if legal:
        if roll < noise.legal_swap:
            legal = rng.choice(LEGAL_FORMS)
        elif roll < noise.legal_swap + noise.legal_drop:
            legal = ""
    elif roll < noise.legal_add:
        legal = rng.choice(LEGAL_FORMS)
    words = [
        rng.choice(ABBREVIATIONS[w])
        if w in ABBREVIATIONS and rng.random() < noise.abbreviate
        else w
        for w in words
    ]
    if rng.random() < noise.ampersand:
        words = ["and" if w == "&" else ("&" if w == "and" else w) for w in words]
    if len(words) > 2 and words[-1] in ORG_WORDS and rng.random() < noise.drop_org_word:
        words.pop()
    the = name.the and rng.random() >= noise.drop_the
    text = ClientName(tuple(words), legal, the).render(comma=rng.random() < 0.3)
    untyped = text
    if rng.random() < noise.typo:
        text = _typo(text, rng)
    roll = rng.random()
    if roll < noise.upper:
        text = text.upper()
    elif roll < noise.upper + noise.lower:
        text = text.lower()
    if rng.random() < noise.strip_punctuation:
        text = "".join(ch for ch in text if ch not in ".,'")
    if rng.random() < noise.extra_spaces:
        text = text.replace(" ", "  ", 1) if rng.random() < 0.5 else text + " "
    return text, untyped


def _typo(text: str, rng: random.Random) -> str:
    """One character deleted, inserted, replaced or swapped, inside a word of 4+ letters."""
    spans = []
    start = None
    for i, ch in enumerate(text + " "):
        if ch.isalpha() and start is None:
            start = i
        elif not ch.isalpha() and start is not None:
            if i - start >= 4:
                spans.append((start, i))
            start = None
    if not spans:
        return text
    begin, end = rng.choice(spans)
    i = rng.randrange(begin + 1, end)  # never the first letter: people rarely miss it
    kind = rng.random()
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    if kind < 0.3:
        return text[:i] + text[i + 1 :]
    if kind < 0.55:
        return text[:i] + letter + text[i:]
    if kind < 0.8:
        return text[:i] + letter + text[i + 1 :]
    if i + 1 < end:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + letter + text[i + 1 :]
