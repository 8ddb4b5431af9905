"""A PSA text that names only what the product is ("M365 Backup" for Datto SaaS Protection).

PSA catalogues often bill a product by its kind, not its name. Beside two unbilled vendor
lines with the same seats, the one of that kind is the text's likely product: one mapping
question, not "unmapped" plus two "missing in PSA". A text that says it is the MSP's own
service about the product ("Backup Monitoring") is not read as the product. Each test fails
when its rule is removed.
"""

from __future__ import annotations

from recon.engine import reconcile
from recon.match.text_scores import names_kind
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

DATTO = "Datto SaaS Protection for Microsoft 365"
KEEPER = "Keeper Business"
S1 = "SentinelOne Singularity Control"
PROOFPOINT = "Proofpoint Essentials Business"
BC = "Dynamics 365 Business Central Essentials"


def _run(text: str):
    vendor, psa = [], []
    for i in range(6):
        client = f"Client {i:02}"
        vendor.append((client, "Microsoft 365 Business Premium", 10 + i, "22"))
        psa.append((client, "M365 Business Premium", 10 + i, "26"))
    # Client 02 buys 4 backup seats and 4 password-manager seats; the PSA bills one text of 4.
    vendor += [("Client 02", DATTO, 4, "2.60"), ("Client 02", KEEPER, 4, "5.00")]
    psa.append(("Client 02", text, 4, "4.00"))
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def test_a_text_naming_the_products_kind_is_asked_about_that_product() -> None:
    result = _run("M365 Backup")
    (question,) = result.questions
    assert question.psa_product == "M365 Backup"
    assert question.candidates[0].vendor_product == "Datto SaaS Protection"
    # The password manager no line bills stays a real gap; the backup seats are the question.
    assert [(g.product, g.kind) for g in result.gaps] == [(KEEPER, GapKind.MISSING_IN_PSA)]


def test_a_service_about_the_product_is_not_read_as_its_kind() -> None:
    assert names_kind("Backup Monitoring", "cat:datto-saas-protection", DATTO) == ""
    assert names_kind("M365 Backup", "cat:datto-saas-protection", DATTO) == "Backup"


def test_a_kind_the_products_own_name_carries_adds_nothing() -> None:
    # "Email Security" and "IRONSCALES Email Security" are compared by their names already.
    assert (
        names_kind("Email Security", "cat:ironscales-email-security", "IRONSCALES Email Security")
        == ""
    )
    assert names_kind(
        "Email Security", "cat:proofpoint-essentials-business", "Proofpoint Essentials Business"
    ) == ("Email security")


def test_a_word_products_carry_in_their_own_names_is_no_service() -> None:
    # "Managed" is in "Huntress Managed EDR": "Managed EDR" names the kind, as "EDR" does;
    # "Monitoring" is in no product's name, so "Backup Monitoring" stays a service.
    assert names_kind("Managed EDR", "cat:s1-singularity-control", S1) == "EDR"
    assert names_kind("Managed Backup - Workstation", "cat:datto-saas-protection", DATTO) == (
        "Backup"
    )
    assert names_kind("Backup Monitoring", "cat:datto-saas-protection", DATTO) == ""


def test_managed_edr_beside_another_makers_edr_is_one_question() -> None:
    # "Managed EDR" reads as Huntress's product with its brand left out; at this client the
    # vendor sells no Huntress, only a SentinelOne line of the same seats, beside a Business
    # Central line of the same seats too: the kind tells the two apart. One question, not
    # "missing in vendor" of Huntress beside "missing in PSA" of SentinelOne.
    vendor, psa = [], []
    for i in range(6):
        client = f"Client {i:02}"
        vendor.append((client, "Microsoft 365 Business Premium", 10 + i, "22"))
        psa.append((client, "M365 Business Premium", 10 + i, "26"))
        vendor.append((client, "Huntress Managed EDR", 20 + i, "3.50"))
        psa.append((client, "Huntress EDR", 20 + i, "5.00"))
    vendor += [("Client 07", S1, 1, "3.87"), ("Client 07", BC, 1, "81.43")]
    psa += [("Client 07", "Managed EDR", 1, "4.93"), ("Client 07", "Business Central", 1, "99")]
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    shown = {(g.product, g.kind) for g in result.gaps if g.client == "Client 07"}
    assert (S1, GapKind.MISSING_IN_PSA) not in shown
    assert not [g for g in result.gaps if g.kind is GapKind.MISSING_IN_VENDOR]
    assert "Managed EDR" in {q.psa_product for q in result.questions}


def test_the_last_word_of_a_kind_no_other_kind_carries_names_it() -> None:
    # "Filtering" is in no kind but DNS filtering; "Security" is in four and names none.
    assert names_kind("Web Filtering License", "cat:dnsfilter", "DNSFilter") == "DNS filtering"
    assert names_kind("Endpoint Security", "cat:proofpoint-essentials-business", PROOFPOINT) == ""


def test_a_vendor_name_the_catalogue_lacks_has_its_makers_one_kind() -> None:
    # DNSFilter makes only DNS filtering in the catalogue: "DNSFilter Pro" is of that kind.
    assert names_kind("Web Filtering", "name:dnsfilter pro", "DNSFilter Pro") == "DNS filtering"
    # Huntress makes EDR, ITDR and awareness training: an unknown Huntress name has no one kind.
    assert names_kind("Managed EDR", "name:huntress new", "Huntress Something New") == ""


def test_web_filtering_beside_an_unbilled_dnsfilter_line_is_one_question() -> None:
    vendor, psa = [], []
    for i in range(6):
        client = f"Client {i:02}"
        vendor.append((client, "Microsoft 365 Business Premium", 10 + i, "22"))
        psa.append((client, "M365 Business Premium", 10 + i, "26"))
    # 1 DNSFilter seat bought, 4 billed as "Web Filtering (Annual)": one question with the
    # quantity gap pending, not "missing in PSA" beside an unmapped text.
    vendor.append(("Client 03", "DNSFilter Pro", 1, "1.29"))
    psa.append(("Client 03", "Web Filtering (Annual)", 4, "2.12"))
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    (gap,) = [g for g in result.gaps if g.client == "Client 03"]
    assert (gap.product, gap.kind) == ("DNSFilter Pro", GapKind.QUANTITY_MISMATCH)
    assert gap.rests_on


def test_a_text_naming_the_kind_in_its_makers_other_words_is_asked_about_that_product() -> None:
    # "AV" is the makers' own word for endpoint protection (recon/catalog/kinds.csv): beside
    # an unbilled Bitdefender line and an unbilled backup line of the same seats, the text
    # is asked about as Bitdefender.
    bitdefender = "Bitdefender GravityZone Business Security"
    vendor = [("Client 02", DATTO, 4, "2.60"), ("Client 02", bitdefender, 4, "1.90")]
    psa = [("Client 02", "Managed AV - Workstation", 4, "3.00")]
    for i in range(6):
        client = f"Client {i:02}"
        vendor.append((client, "Microsoft 365 Business Premium", 10 + i, "22"))
        psa.append((client, "M365 Business Premium", 10 + i, "26"))
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    (question,) = result.questions
    assert question.candidates[0].vendor_product == bitdefender
    assert "names its kind (Endpoint protection)" in question.candidates[0].why


def test_a_kind_phrase_with_a_service_word_that_is_not_the_kinds_is_a_service() -> None:
    from recon.catalog.text import kind_words_named

    av = "cat:bitdefender-gz-business-security"
    name = "Bitdefender GravityZone Business Security"
    assert kind_words_named("Managed AV - Workstation", av, name) == "Endpoint protection"
    assert kind_words_named("AV Monitoring", av, name) == ""
    assert kind_words_named("Password Management - Per User", "cat:keeper-business", KEEPER)


def test_phishing_training_names_security_awareness_training() -> None:
    # Huntress and KnowBe4 sell security awareness training as phishing simulation and the
    # training that follows it (recon/catalog/kinds.csv): a phishing *protection* is not it.
    sat, name = "cat:huntress-managed-sat", "Huntress Managed SAT"
    assert names_kind("Phishing Training (1 Year)", sat, name) == "Security awareness"
    assert names_kind("Phishing Simulation", sat, name) == "Security awareness"
    assert names_kind("Phishing Protection", sat, name) == ""
