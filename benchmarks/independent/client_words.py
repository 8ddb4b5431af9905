"""Words that make up the synthetic MSP's client companies (this package's own lists).

Small-business names in the MSP market follow a few shapes: a family name plus a trade
("Harlow Dental"), a place-like name plus a trade ("Cedar Ridge Veterinary Clinic"), two
partners ("Baker & Lyons Law"), or a family business ("Keller Brothers Roofing"), often with
a legal form. The trades are the industries MSPs serve most (dental, legal, accounting,
medical, construction, manufacturing, nonprofits, schools, churches), as listed on MSP
marketing pages and in public vertical-market surveys. Family names are common US surnames
(US Census 2010 surname frequency list); place words are generic English nature words.
None of this is taken from the matcher's tables.
"""

from __future__ import annotations

SURNAMES: tuple[str, ...] = tuple(
    """
    Abbott Acosta Adler Albright Aldridge Alvarado Ambrose Archer Arnold Ashford Atwood
    Bailey Baker Baldwin Banks Barlow Barnes Barrett Bartlett Baxter Beck Bell Bennett Benson
    Bishop Blackwell Blair Bolton Booker Bowen Boyd Bradford Brady Brennan Briggs Brock Brooks
    Buckley Burke Burton Byrne Caldwell Callahan Cameron Campbell Carlson Carmichael Carr
    Carson Carver Castillo Chambers Chandler Chapman Choi Christensen Clarke Coleman Collins
    Conley Connor Conrad Cooper Corbett Cortez Crane Crawford Crosby Cunningham Dalton Daniels
    Davenport Dawson Delgado Dempsey Dixon Donovan Dorsey Doyle Drake Dudley Duffy Duncan
    Dunn Eaton Ellis Emerson Erickson Espinoza Everett Farley Farrell Fenton Ferguson Fischer
    Fitzgerald Fleming Fletcher Flores Flynn Ford Foster Fowler Franklin Frost Fuller Gallagher
    Garner Garrison Gentry Gibbs Gilbert Gill Gleason Goodwin Gordon Graham Grant Graves
    Greer Griffin Gutierrez Hale Hammond Hancock Hardy Harlow Harmon Harper Hartley Hastings
    Hawkins Hayes Henderson Hendricks Hensley Herrera Hicks Hoffman Holland Holt Hooper
    Horton Houston Howell Hubbard Hudson Huffman Ingram Jacobs Jarvis Jennings Jensen Kaplan
    Keller Kemp Kendall Kennedy Kerr Kessler Kim Kirby Klein Knox Lambert Lancaster Larsen
    Lawson Leblanc Lindgren Logan Lowe Lucero Lyons Maddox Malone Mann Marsh Maxwell Mccarthy
    Mcbride Mcdaniel Mckenzie Medina Mercer Merritt Meyer Middleton Molina Monroe Moran
    Morales Morrow Mueller Murphy Nash Navarro Nelson Newman Nguyen Nichols Noble Nolan
    Norris Novak Obrien Ochoa Odell Oliver Olsen Oneal Osborne Owens Pace Palmer Park
    Parsons Patel Patton Pearson Pena Perkins Pham Pierce Porter Pratt Preston Quinn Ramsey
    Randall Reeves Reyes Rhodes Richter Riley Rivera Robbins Rocha Rollins Roman Rowe Russo
    Salazar Sanders Sawyer Schaefer Schultz Sexton Shaffer Shepherd Sherman Silva Simmons
    Sinclair Slater Sloan Snyder Solomon Sparks Stafford Stanton Steele Stone Strickland
    Sullivan Sutton Sweeney Tanner Tate Thornton Todd Townsend Tran Tucker Turner Underwood
    Valdez Vance Vaughn Vega Wade Walsh Walton Ward Warner Watkins Weaver Webb Weber Wells
    Whitaker Whitfield Wilcox Wilder Winslow Wolfe Woodward Wright Wyatt Yates York Young
    Zamora Zimmerman
    """.split()
)

PLACE_FIRST: tuple[str, ...] = tuple(
    """
    Cedar Oak Pine Maple Willow Aspen Birch Elm Summit Eagle Falcon Hawk Blue Red Green Silver
    Golden Stone Iron Copper North South East West River Lake Bay Harbor Canyon Prairie Meadow
    Sunrise Sunset Highland Valley Mesa Coastal Pacific Atlantic Liberty Heritage Pioneer
    Frontier Keystone Cornerstone Landmark Clear Fox Bear Deer Wolf Crystal Granite Hidden
    Rolling Twin Misty Shady Spring Autumn Evergreen Timber Orchard Harvest Bright Morning
    Lone Star Compass Anchor Beacon Lighthouse Sterling Royal Grand Central Tri Metro Crown
    """.split()
)

PLACE_SECOND: tuple[str, ...] = tuple(
    """
    Ridge Creek Valley View Point Park Hills Springs Grove Field Brook Rock Peak Haven
    Crossing Bend Shore Woods Mountain Hollow Meadows Pines Bluff Glen Harbor Landing Trail
    Vista Heights Lake Falls Prairie Terrace Gate Point Island Canyon
    """.split()
)

# (trade words, how often the trade is drawn). Trades carry their own organisation words.
INDUSTRIES: tuple[str, ...] = (
    "Dental",
    "Dental Group",
    "Family Dentistry",
    "Orthodontics",
    "Pediatric Dentistry",
    "Pediatrics",
    "Veterinary Clinic",
    "Animal Hospital",
    "Veterinary Services",
    "Law",
    "Law Group",
    "Law Offices",
    "Legal Services",
    "Accounting",
    "CPA Group",
    "Tax & Accounting",
    "Insurance Agency",
    "Insurance Services",
    "Realty",
    "Properties",
    "Property Management",
    "Construction",
    "Builders",
    "Roofing",
    "Plumbing",
    "Heating & Air",
    "Electric",
    "Mechanical",
    "Landscaping",
    "Engineering",
    "Engineering Associates",
    "Architects",
    "Design Studio",
    "Marketing",
    "Media Group",
    "Consulting",
    "Consulting Group",
    "Financial Services",
    "Financial Group",
    "Wealth Management",
    "Capital Partners",
    "Investments",
    "Logistics",
    "Trucking",
    "Transportation",
    "Manufacturing",
    "Machine Works",
    "Fabrication",
    "Foods",
    "Bakery",
    "Brewing Company",
    "Coffee Roasters",
    "Restaurant Group",
    "Hospitality",
    "Medical Center",
    "Family Medicine",
    "Medical Associates",
    "Chiropractic",
    "Physical Therapy",
    "Eye Care",
    "Optometry",
    "Dermatology",
    "Orthopedics",
    "Home Health",
    "Senior Living",
    "Community Church",
    "Baptist Church",
    "Academy",
    "Montessori School",
    "Christian School",
    "Credit Union",
    "Title Company",
    "Mortgage",
    "Auto Group",
    "Motors",
    "Auto Repair",
    "Collision Center",
    "Tire & Service",
    "Equipment",
    "Supply",
    "Distribution",
    "Industries",
    "Technologies",
    "Systems",
    "Solutions",
    "Services",
    "Management",
    "Associates",
    "Partners",
    "Holdings",
    "Enterprises",
    "International",
    "Laboratories",
    "Foundation",
    "Association",
    "Community Center",
    "Institute",
    "Communications",
    "Environmental",
    "Surveying",
    "Printing",
    "Signs & Graphics",
    "Flooring",
    "Cabinetry",
    "Pools & Spas",
    "Pest Control",
    "Cleaning Services",
    "Staffing",
    "Recruiting",
    "Travel",
    "Events",
    "Fitness",
    "Yoga Studio",
    "Salon & Spa",
    "Florist",
    "Jewelers",
    "Furniture",
    "Hardware",
    "Marine",
    "Aviation",
    "Farms",
    "Nursery & Garden",
    "Winery",
    "Counseling Center",
    "Behavioral Health",
    "Hospice",
    "Pharmacy",
    "Medical Supply",
    "Research",
    "Development",
    "Energy",
    "Solar",
    "Water District",
    "Library",
    "Museum",
    "Chamber of Commerce",
    "Rotary Club",
    "Youth Center",
)

# Canonical legal forms; how each is written differs per side (see client_variants).
LEGAL_FORMS: tuple[str, ...] = (
    "LLC",
    "Inc.",
    "Corp.",
    "Co.",
    "Ltd.",
    "LLP",
    "PC",
    "PLLC",
    "PA",
    "LP",
)

# Shares of the name shapes, and of names with a legal form.
SHAPE_WEIGHTS: dict[str, float] = {
    "surname_trade": 0.40,
    "place_trade": 0.32,
    "partners_trade": 0.10,
    "brothers_trade": 0.06,
    "surname_place_trade": 0.07,
    "the_place_trade": 0.05,
}
LEGAL_FORM_SHARE = 0.55
