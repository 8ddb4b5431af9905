"""The standard data sets served by the fake APIs, and the same data as export files.

The clock of the tests is 2026-03-02, so ``as_of`` is that day.
"""

from __future__ import annotations

from tests.recon.sources.fakes import autotask as at
from tests.recon.sources.fakes import connectwise as cw
from tests.recon.sources.fakes import partner_center as pc
from tests.recon.sources.fakes import pax8

BP = "CFQ7TTC0LCHC:0002"
BASIC = "CFQ7TTC0LH18:0001"
STANDARD = "CFQ7TTC0LDCX:0001"
EXO1 = "CFQ7TTC0LH16:0001"
TEAMS = "CFQ7TTC0LH8L:0001"
E3 = "CFQ7TTC0LFLX:0001"


def pax8_api() -> pax8.FakePax8:
    """3 companies, 7 subscriptions (2 per page): active, annual, cancelled, pending..."""
    return pax8.FakePax8(
        companies=[
            pax8.company("c1", "Acme Corp"),
            pax8.company("c2", "Globex"),
            pax8.company("c3", "Initech"),
        ],
        products={
            "p-bp": pax8.product("p-bp", "Microsoft 365 Business Premium", BP),
            "p-basic": pax8.product("p-basic", "Microsoft 365 Business Basic", BASIC),
            "p-std": pax8.product("p-std", "Microsoft 365 Business Standard", STANDARD),
            "p-exo": pax8.product("p-exo", "Exchange Online (Plan 1)", EXO1),
            "p-teams": pax8.product("p-teams", "Microsoft Teams Essentials", TEAMS),
            "p-e3": pax8.product("p-e3", "Microsoft 365 E3", E3),
        },
        subscriptions=[
            pax8.subscription("s1", "c1", "p-bp", 10, partner_cost="22.00"),
            pax8.subscription("s2", "c1", "p-exo", 5, partner_cost="48.00", billing_term="Annual"),
            pax8.subscription("s3", "c2", "p-basic", 20, partner_cost="6.00"),
            pax8.subscription("s4", "c2", "p-e3", 3, status="Cancelled", partner_cost="36.00"),
            pax8.subscription("s5", "c3", "p-std", 7, status="PendingCancel", partner_cost="12.50"),
            pax8.subscription("s6", "c3", "p-teams", 2, status="PendingManual"),
            pax8.subscription("s7", "c3", "p-basic", 4, partner_cost="6.00", end_date="2026-02-01"),
        ],
    )


def _csv(*rows: tuple[object, ...]) -> str:
    return "".join(",".join(str(cell) for cell in row) + "\n" for row in rows)


#: The same subscriptions as a Pax8 subscriptions export (``pax8_subscriptions`` format).
PAX8_EXPORT = _csv(
    ("companyName", "companyId", "productName", "vendorSkuId", "quantity", "partnerCost",
     "billingTerm", "status", "startDate", "endDate", "id"),
    ("Acme Corp", "c1", "Microsoft 365 Business Premium", BP, 10, "22.00", "Monthly",
     "Active", "2025-01-01", "", "s1"),
    ("Acme Corp", "c1", "Exchange Online (Plan 1)", EXO1, 5, "48.00", "Annual", "Active",
     "2025-01-01", "", "s2"),
    ("Globex", "c2", "Microsoft 365 Business Basic", BASIC, 20, "6.00", "Monthly", "Active",
     "2025-01-01", "", "s3"),
    ("Globex", "c2", "Microsoft 365 E3", E3, 3, "36.00", "Monthly", "Cancelled", "2025-01-01",
     "", "s4"),
    ("Initech", "c3", "Microsoft 365 Business Standard", STANDARD, 7, "12.50", "Monthly",
     "PendingCancel", "2025-01-01", "", "s5"),
    ("Initech", "c3", "Microsoft Teams Essentials", TEAMS, 2, "20.00", "Monthly",
     "PendingManual", "2025-01-01", "", "s6"),
    ("Initech", "c3", "Microsoft 365 Business Basic", BASIC, 4, "6.00", "Monthly", "Active",
     "2025-01-01", "2026-02-01", "s7"),
)  # fmt: skip


def _team(
    company: int, id_: int, role: str, member: int, who: str, *, account_manager: bool
) -> dict[str, object]:
    """One row of a company's team, shaped as Manage's ``CompanyTeam``."""
    return {
        "id": id_,
        "company": {"id": company},
        "teamRole": {"id": 1 if account_manager else 2, "name": role},
        "member": {"id": member, "identifier": who},
        "accountManagerFlag": account_manager,
        "techFlag": not account_manager,
        "salesFlag": False,
    }


def connectwise_api() -> cw.FakeConnectWise:
    """3 companies, 4 agreements (one cancelled, one expired), additions of every kind."""
    return cw.FakeConnectWise(
        companies=[
            # Acme's account manager (team) outranks its territory manager.
            {
                "id": 1,
                "name": "Acme Corporation",
                "territoryManager": {"id": 9, "identifier": "lee"},
            },
            # Globex has no account manager on its team: its territory manager stands in.
            {"id": 2, "name": "Globex", "territoryManager": {"id": 9, "identifier": "lee"}},
            {"id": 3, "name": "Initech LLC"},
            # Nobody bills Hooli: its team is never asked for.
            {"id": 4, "name": "Hooli", "territoryManager": {"id": 9, "identifier": "lee"}},
        ],
        members=[
            {"id": 7, "identifier": "dana", "primaryEmail": "Dana@msp.example"},
            {"id": 8, "identifier": "sam", "primaryEmail": ""},
            {"id": 9, "identifier": "lee", "primaryEmail": "lee@msp.example"},
        ],
        teams={
            1: [
                _team(1, 11, "Technician", 12, "pat", account_manager=False),
                _team(1, 12, "Account Manager", 7, "dana", account_manager=True),
            ],
            2: [_team(2, 21, "Technician", 12, "pat", account_manager=False)],
            3: [_team(3, 31, "Account Manager", 8, "sam", account_manager=True)],
        },
        agreements=[
            cw.agreement(10, 1, "Acme Corporation", "Acme MSA"),
            cw.agreement(20, 2, "Globex", "Globex Managed"),
            cw.agreement(30, 3, "Initech LLC", "Initech old", agreementStatus="Expired"),
            cw.agreement(
                40,
                3,
                "Initech LLC",
                "Initech gone",
                cancelledFlag=True,
                agreementStatus="Cancelled",
            ),
            cw.agreement(
                50, 3, "Initech LLC", "Initech annual", billingCycle={"id": 4, "name": "Annual"}
            ),
        ],
        additions={
            10: [
                cw.addition(101, "M365-BP", "Microsoft 365 Business Premium", 8, "30.00"),
                cw.addition(102, "EXO-P1", "Exchange Online (Plan 1)", 5, "6.00"),
            ],
            20: [
                cw.addition(
                    201, "M365-BB", "Microsoft 365 Business Basic", 22, "8.00", lessIncluded=2
                ),
                cw.addition(
                    202, "M365-E3", "Microsoft 365 E3", 3, "40.00", billCustomer="DoNotBill"
                ),
                cw.addition(
                    203,
                    "TEAMS",
                    "Microsoft Teams Essentials",
                    4,
                    "5.00",
                    cancelledDate="2026-01-15T00:00:00Z",
                ),
                cw.addition(
                    204, "BACKUP", "Cloud Backup", 20, "3.00", cancelledDate="2026-06-30T00:00:00Z"
                ),
            ],
            30: [cw.addition(301, "M365-BS", "Microsoft 365 Business Standard", 7, "15.00")],
            40: [cw.addition(401, "M365-BS", "Microsoft 365 Business Standard", 7, "15.00")],
            50: [cw.addition(501, "SUPPORT", "Priority Support", 1, "1200.00")],
        },
    )


#: The same additions as a ConnectWise additions export (what the API filters away is absent).
CONNECTWISE_EXPORT = _csv(
    ("Company Name", "Agreement Name", "Agreement Status", "Product ID", "Description",
     "Quantity", "Less Included", "Price", "Bill Customer", "Effective Date", "Cancelled Date",
     "Billing Cycle"),
    ("Acme Corporation", "Acme MSA", "Active", "M365-BP", "Microsoft 365 Business Premium", 8,
     0, "30.00", "Billable", "2025-01-01", "", "Monthly"),
    ("Acme Corporation", "Acme MSA", "Active", "EXO-P1", "Exchange Online (Plan 1)", 5, 0,
     "6.00", "Billable", "2025-01-01", "", "Monthly"),
    ("Globex", "Globex Managed", "Active", "M365-BB", "Microsoft 365 Business Basic", 22, 2,
     "8.00", "Billable", "2025-01-01", "", "Monthly"),
    ("Globex", "Globex Managed", "Active", "M365-E3", "Microsoft 365 E3", 3, 0, "40.00",
     "DoNotBill", "2025-01-01", "", "Monthly"),
    ("Globex", "Globex Managed", "Active", "BACKUP", "Cloud Backup", 20, 0, "3.00", "Billable",
     "2025-01-01", "2026-06-30", "Monthly"),
    ("Initech LLC", "Initech old", "Expired", "M365-BS", "Microsoft 365 Business Standard", 7,
     0, "15.00", "Billable", "2025-01-01", "", "Monthly"),
    ("Initech LLC", "Initech annual", "Active", "SUPPORT", "Priority Support", 1, 0, "1200.00",
     "Billable", "2025-01-01", "", "Annual"),
)  # fmt: skip


def partner_center_api() -> pc.FakePartnerCenter:
    """3 customers; subscriptions active, suspended, trial; a 2-blob billed invoice."""
    acme, globex, initech = "tenant-acme", "tenant-globex", "tenant-initech"
    return pc.FakePartnerCenter(
        customers=[
            pc.customer(acme, "Acme Corp"),
            pc.customer(globex, "Globex"),
            pc.customer(initech, "Initech"),
        ],
        subscriptions={
            acme: [
                pc.subscription("sub-a1", f"{BP}:0003", "Microsoft 365 Business Premium", 10),
                pc.subscription(
                    "sub-a2", f"{EXO1}:0001", "Exchange Online (Plan 1)", 5, billing="annual"
                ),
                pc.subscription("sub-a3", f"{BP}:0003", "Microsoft 365 Business Premium", 2),
            ],
            globex: [
                pc.subscription("sub-g1", f"{BASIC}:0002", "Microsoft 365 Business Basic", 20),
                pc.subscription("sub-g2", f"{E3}:0001", "Microsoft 365 E3", 3, status="suspended"),
                pc.subscription(
                    "sub-g3", f"{TEAMS}:0001", "Microsoft Teams Essentials", 25, trial=True
                ),
                pc.subscription("sub-g4", f"{STANDARD}:0001", "Microsoft 365 Business Standard", 1),
            ],
            initech: [
                pc.subscription("sub-i1", f"{STANDARD}:0001", "Microsoft 365 Business Standard", 7),
                pc.subscription("sub-i2", "0a1b2c3d-legacy-offer", "Legacy Offer", 1),
            ],
        },
        invoices=[
            {"id": "D030000001", "invoiceDate": "2026-02-10T00:00:00Z", "documentType": "Invoice"},
            {"id": "G000000001", "invoiceDate": "2026-02-05T00:00:00Z", "documentType": "Invoice"},
            {"id": "G000000000", "invoiceDate": "2026-01-05T00:00:00Z", "documentType": "Invoice"},
            {
                "id": "G000000002",
                "invoiceDate": "2026-02-20T00:00:00Z",
                "documentType": "Credit Note",
            },
        ],
        recon_rows=[
            pc.recon_row(acme, "Acme Corp", "sub-a1", "CFQ7TTC0LCHC", "0002", "22.00", 10),
            pc.recon_row(
                acme,
                "Acme Corp",
                "sub-a1",
                "CFQ7TTC0LCHC",
                "0002",
                "22.00",
                -1,
                charge="cancelInstance",
                end="2026-02-15",
            ),
            pc.recon_row(
                acme,
                "Acme Corp",
                "sub-a2",
                "CFQ7TTC0LH16",
                "0001",
                "48.00",
                5,
                term="1 Year, Annual",
            ),
            pc.recon_row(globex, "Globex", "sub-g1", "CFQ7TTC0LH18", "0001", "6.00", 20),
            pc.recon_row(initech, "Initech", "sub-i1", "CFQ7TTC0LDCX", "0001", "12.50", 7),
        ],
    )


def autotask_api() -> at.FakeAutotask:
    """2 companies, 3 recurring contracts (one inactive), services with units in force or not."""
    return at.FakeAutotask(
        entities={
            "Companies": [
                {"id": 1, "companyName": "Acme Corporation", "ownerResourceID": 30},
                {"id": 2, "companyName": "Globex"},
            ],
            "Resources": [{"id": 30, "email": "lee@msp.example"}],
            "Contracts": [
                {
                    "id": 100,
                    "companyID": 1,
                    "contractName": "Acme Recurring",
                    "contractType": 7,
                    "status": 1,
                    "startDate": "2025-01-01T00:00:00",
                    "endDate": "2026-12-31T00:00:00",
                },
                {
                    "id": 200,
                    "companyID": 2,
                    "contractName": "Globex Recurring",
                    "contractType": 7,
                    "status": 1,
                    "startDate": "2025-01-01T00:00:00",
                    "endDate": "2026-12-31T00:00:00",
                },
                {
                    "id": 300,
                    "companyID": 2,
                    "contractName": "Globex Old",
                    "contractType": 7,
                    "status": 0,
                    "startDate": "2024-01-01T00:00:00",
                    "endDate": "2024-12-31T00:00:00",
                },
                {
                    "id": 400,
                    "companyID": 1,
                    "contractName": "Acme Hours",
                    "contractType": 1,
                    "status": 1,
                    "startDate": "2025-01-01T00:00:00",
                    "endDate": "2026-12-31T00:00:00",
                },
            ],
            "ContractServices": [
                {
                    "id": 1001,
                    "contractID": 100,
                    "serviceID": 9001,
                    "unitPrice": 30,
                    "adjustedPrice": None,
                    "invoiceDescription": "BP",
                },
                {
                    "id": 1002,
                    "contractID": 100,
                    "serviceID": 9002,
                    "unitPrice": 72,
                    "adjustedPrice": 66,
                    "invoiceDescription": "EXO",
                },
                {
                    "id": 2001,
                    "contractID": 200,
                    "serviceID": 9003,
                    "unitPrice": 8,
                    "adjustedPrice": None,
                    "invoiceDescription": "Basic",
                },
                {
                    "id": 2002,
                    "contractID": 200,
                    "serviceID": 9004,
                    "unitPrice": 5,
                    "adjustedPrice": None,
                    "invoiceDescription": "Teams",
                },
                {
                    "id": 3001,
                    "contractID": 300,
                    "serviceID": 9003,
                    "unitPrice": 8,
                    "adjustedPrice": None,
                    "invoiceDescription": "Basic",
                },
            ],
            "ContractServiceUnits": [
                {
                    "id": 1,
                    "contractID": 100,
                    "contractServiceID": 1001,
                    "serviceID": 9001,
                    "startDate": "2026-03-01T00:00:00",
                    "endDate": "2026-03-31T00:00:00",
                    "units": 8,
                },
                {
                    "id": 2,
                    "contractID": 100,
                    "contractServiceID": 1001,
                    "serviceID": 9001,
                    "startDate": "2026-02-01T00:00:00",
                    "endDate": "2026-02-28T00:00:00",
                    "units": 6,
                },
                {
                    "id": 3,
                    "contractID": 100,
                    "contractServiceID": 1002,
                    "serviceID": 9002,
                    "startDate": "2026-01-01T00:00:00",
                    "endDate": "2026-12-31T00:00:00",
                    "units": 5,
                },
                {
                    "id": 4,
                    "contractID": 200,
                    "contractServiceID": 2001,
                    "serviceID": 9003,
                    "startDate": "2026-03-01T00:00:00",
                    "endDate": "2026-03-31T00:00:00",
                    "units": 18,
                },
                {
                    "id": 5,
                    "contractID": 200,
                    "contractServiceID": 2001,
                    "serviceID": 9003,
                    "startDate": "2026-03-02T00:00:00",
                    "endDate": "2026-03-31T00:00:00",
                    "units": 2,
                },
                {
                    "id": 6,
                    "contractID": 200,
                    "contractServiceID": 2002,
                    "serviceID": 9004,
                    "startDate": "2026-01-01T00:00:00",
                    "endDate": "2026-01-31T00:00:00",
                    "units": 4,
                },
            ],
            "Services": [
                {"id": 9001, "name": "Microsoft 365 Business Premium", "periodType": 1},
                {"id": 9002, "name": "Exchange Online (Plan 1)", "periodType": 4},
                {"id": 9003, "name": "Microsoft 365 Business Basic", "periodType": 1},
                {"id": 9004, "name": "Microsoft Teams Essentials", "periodType": 1},
            ],
        }
    )
