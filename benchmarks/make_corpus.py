"""Generate a deterministic national-scale corpus of format-v1 assessments for benchmarks.

    python benchmarks/make_corpus.py --authorities 317 --out bench-corpus

Each authority is one folder: a manifest with an inline four-level scale, seven theme files of
about 20 KB (10-14 criteria, 9-15 findings of multi-sentence prose, actions, evidence), an action
plan and an evidence library; 317 authorities give about 3,200 files and 55 MB. Every authority
is drawn from its own seeded random stream, so the output is the same bytes on every run and the
first N authorities do not depend on how many are asked for. `--invalid-rate` injects positioned
errors into that fraction of files (from a separate stream: the rest of the corpus is unchanged)
to time the error path; the files and errors injected are listed in `.bvduty-bench.json`.

Why stdlib only: the corpus must not depend on the YAML library whose speed it measures, so the
YAML text is written by hand here, in the block style people write.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

GENERATOR_VERSION = 1
MARKER = ".bvduty-bench.json"
WRAP = 96

# --- Banks of realistic content --------------------------------------------------------------


def _entries(block: str) -> tuple[str, ...]:
    """Paragraphs of a text block (separated by blank lines), each joined to one line."""
    return tuple(" ".join(p.split()) for p in block.strip().split("\n\n"))


def _topics(block: str) -> tuple[tuple[str, str], ...]:
    """(title, statement) pairs: a title line, then its statement on indented lines."""
    topics: list[tuple[str, list[str]]] = []
    for line in block.strip().splitlines():
        if line.startswith(" "):
            topics[-1][1].append(line.strip())
        else:
            topics.append((line, []))
    return tuple((title, " ".join(words)) for title, words in topics)


CONTINUOUS_IMPROVEMENT = """
Clear priorities
    A corporate plan sets clear priorities and measurable outcomes, agreed by Members and
    understood across the organisation.
Performance management
    A performance management framework gives timely and accurate information on progress against
    priorities, and underperformance is acted on.
Benchmarking
    Performance and costs are compared with similar authorities, and the comparisons are used to
    find and pursue improvement.
Learning from external challenge
    Recommendations from peer challenge, inspection and audit are tracked to completion and
    their impact is checked.
Data quality
    Data used for decisions is accurate, complete and owned, with known weaknesses recorded and
    put right.
Digital improvement
    Digital and technology investment is planned against service outcomes and delivers the
    benefits set out in business cases.
Transformation programme
    The transformation programme has clear milestones and realistic savings, and its benefits
    are tracked and reported to Members.
Resident insight
    Resident feedback, complaints and surveys are analysed and used to redesign services.
Service reviews
    A rolling programme of service reviews tests economy, efficiency and effectiveness and
    reports its findings to Members.
Improvement culture
    Staff at every level are encouraged and equipped to suggest improvements, and good ideas are
    adopted across services.
Project management
    Projects follow a proportionate method with clear ownership, risk logs and post-
    implementation reviews.
Outcomes framework
    Outcome measures link the corporate plan to service plans and to individual objectives.
Learning from complaints
    Learning from complaints and Ombudsman decisions is shared and changes practice.
Fees and charges
    Fees, charges and income opportunities are reviewed each year against cost recovery and
    comparators.
"""

LEADERSHIP = """
Shared vision
    Members and senior officers share a clear vision for the place and communicate it
    consistently to staff, partners and residents.
Member-officer relations
    Relationships between Members and officers are constructive, with roles understood and
    respected by both.
Stable senior team
    The senior leadership team is stable, with permanent appointments to statutory posts and
    clear succession arrangements.
Strategic capacity
    Leaders have the capacity to look beyond immediate pressures and plan for the medium term.
Statutory officers
    The Head of Paid Service, Section 151 Officer and Monitoring Officer are consulted early and
    can raise concerns without fear.
Member development
    A Member development programme covers the skills that Cabinet and committee roles require,
    and take-up is monitored.
Leading partnerships
    The authority leads and takes part in partnerships that tackle the priorities of the place.
Responding to challenge
    Leaders seek and welcome external challenge and act on it openly.
Visible leadership
    Senior leaders are visible to staff, and staff survey results on leadership are acted on.
Political stability
    Arrangements between political groups allow decisions to be taken in good time, including in
    periods of no overall control.
Financial leadership
    Leaders take ownership of the medium-term financial position and make difficult decisions
    when they are needed.
Leadership development
    A leadership development programme builds the skills of current and future managers.
Place shaping
    The authority has a credible, evidence-based plan for the economic and social future of the
    area.
Pace of decisions
    Key decisions are taken at the right level and at a pace that matches the challenges faced.
"""

GOVERNANCE = """
Constitution
    The constitution, including the scheme of delegation, is up to date, clear and followed.
Audit committee
    The audit committee is effective, has an independent member and follows CIPFA's position
    statement.
Scrutiny
    Overview and scrutiny is member-led, well supported and makes a difference to decisions and
    policy.
Risk management
    Strategic and operational risks are identified, owned, reviewed regularly and reported to
    Members.
Decision records
    Decisions, including officer decisions under delegation, are recorded, published and easy to
    find.
Codes of conduct
    Codes of conduct are understood, registers of interests are current, and complaints are
    handled promptly.
Annual Governance Statement
    The Annual Governance Statement is candid about weaknesses, and the actions it sets out are
    delivered.
Internal audit
    Internal audit has sufficient resources, works to a risk-based plan and its opinion is acted
    on.
Company governance
    Companies and joint ventures the authority owns have clear shareholder oversight and report
    to Members.
Information governance
    Information governance arrangements meet legal requirements, and data breaches are learned
    from.
Whistleblowing
    Whistleblowing arrangements are known to staff and contractors, and concerns are
    investigated independently.
Statutory officer reports
    Reports from statutory officers are given proper weight and responded to promptly.
Transparency
    Information about spending, contracts and decisions is published in line with the Local
    Government Transparency Code.
Counter-fraud
    Counter-fraud and anti-corruption arrangements are proportionate, resourced and tested.
"""

CULTURE = """
Values and behaviours
    Organisational values are set out, understood by staff and reflected in how people are
    recruited, appraised and recognised.
Openness to challenge
    Staff feel able to challenge and raise concerns, and bad news travels upwards quickly.
Staff engagement
    Staff survey results are shared, discussed in teams and lead to visible action.
Equality, diversity and inclusion
    The workforce reflects the community it serves, and equality objectives are monitored.
Wellbeing
    Staff wellbeing is supported, sickness absence is understood and managed, and pressures are
    addressed.
Member conduct
    Members model respectful behaviour in meetings, on social media and in their dealings with
    officers.
Learning culture
    Mistakes are treated as a chance to learn, and lessons are shared across services.
Customer focus
    Staff understand the needs of residents and put them at the centre of service design.
Working across services
    Services work together on shared problems rather than in silos.
Recognition
    Good work is recognised at every level of the organisation.
Induction
    New staff and Members receive an induction that explains the values and ways of working of
    the authority.
Hybrid working
    Hybrid working arrangements support productivity, collaboration and the development of new
    staff.
Trust in leadership
    Staff trust the senior leadership team and feel informed about change.
Grievance and disciplinary
    Grievance and disciplinary cases are handled fairly and promptly, and trends are reviewed.
"""

USE_OF_RESOURCES = """
Internal control environment
    An effective internal control environment is in place and properly deployed to safeguard the
    use of resources.
Value for money processes
    Clear and effective processes secure value for money, including in procurement and contract
    management.
Financial Management Code
    Financial management, reporting and regulation arrangements comply with CIPFA's Financial
    Management Code.
Finance skills and capacity
    The authority has the skills and capacity, commensurate with the complexity of its finances,
    and uses specialist expertise when needed.
Prudential Framework and borrowing
    Investment and borrowing decisions comply with the Prudential Framework and do not take on
    excessive risk.
Financial risk and resilience
    Effective systems identify, report, address and review financial risk, with consideration of
    CIPFA's Financial Resilience Index.
Scrutiny of investment decisions
    Investment decisions have a commensurate level of scrutiny, transparency and approval, so
    that officers and Members understand the risks.
Financial systems and record keeping
    Financial management and reporting are supported by robust financial systems, record keeping
    and quality assurance.
Responding to audit
    The authority responds to audit recommendations and addresses the issues identified in a
    timely way.
Capacity and recruitment
    Capacity constraints are identified, and recruitment to key posts is prioritised on the
    basis of workforce plans for every service area.
Succession planning
    Succession planning takes a longer-term view of gaps in experienced senior officers and
    builds a pipeline of talent.
Procurement and contract management
    Procurement follows the Procurement Act 2023, and contracts are managed to secure the
    savings and outcomes expected.
Asset management
    Land and buildings are managed to support priorities, with surplus assets identified and
    disposed of on time.
Medium-term financial strategy
    A medium-term financial strategy sets out a balanced budget with realistic savings and an
    appropriate level of reserves.
"""

SERVICE_DELIVERY = """
Service standards
    Service standards are published, and performance against them is monitored and reported.
Statutory services
    Statutory services meet their legal duties, and inspection findings are acted on.
Demand management
    Demand for services is understood and forecast, and early intervention reduces future
    demand.
Resident satisfaction
    Resident satisfaction is measured regularly and results are compared with similar
    authorities.
Contracted services
    Contracted services are managed against clear performance measures, and poor performance is
    addressed.
Housing
    Housing services, including homelessness and the landlord function where held, meet
    regulatory standards.
Waste and environment
    Waste collection, street cleansing and environmental services are reliable and good value.
Planning and regulatory services
    Planning and regulatory services meet statutory timescales and are responsive to applicants.
Access to services
    Residents can reach services in the way that suits them, including those who are digitally
    excluded.
Business continuity
    Business continuity plans are in place and tested for critical services.
Health and safety
    Health and safety duties are met, with incidents reported and learned from.
Equality impact
    The impact of service changes on people with protected characteristics is assessed before
    decisions are taken.
Climate action
    Service delivery contributes to the climate and nature commitments of the authority, with
    progress measured.
Complaints handling
    Complaints are handled within published timescales and in line with the Ombudsman's
    complaint handling code.
"""

PARTNERSHIPS_AND_COMMUNITY_ENGAGEMENT = """
Shared priorities with partners
    Partners share a clear set of priorities for the place, with agreed measures of progress.
Community engagement
    Residents and communities are engaged early and meaningfully in decisions that affect them.
Voluntary and community sector
    The voluntary and community sector is treated as a partner, with fair funding and
    commissioning arrangements.
Health partnerships
    Joint work with the NHS and public health improves outcomes and reduces inequalities.
Community safety
    The community safety partnership has clear priorities, shared data and joint action.
Business engagement
    Local businesses are engaged in economic plans, and their views shape decisions.
Town and parish councils
    Relationships with town and parish councils are constructive, and roles are clear.
Data sharing
    Partners share data lawfully and effectively to plan and deliver services.
Consultation
    Consultations follow good practice, reach seldom-heard groups and report back what changed.
Regional working
    The authority plays an active part in regional and devolved arrangements.
Partnership governance
    Significant partnerships have clear governance, accountability and exit arrangements.
Neighbourhood working
    Services are planned with neighbourhoods, using local knowledge and assets.
Anchor institutions
    The authority works with other anchor institutions on local employment, procurement and
    assets.
Young people's voice
    Young people have routes to influence decisions, such as a youth council or forum.
"""

# (theme id, criterion id prefix, title, topics), in the order of the best-value-2024 framework.
THEMES: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...] = (
    ("continuous-improvement", "CI", "Continuous Improvement", _topics(CONTINUOUS_IMPROVEMENT)),
    ("leadership", "L", "Leadership", _topics(LEADERSHIP)),
    ("governance", "G", "Governance", _topics(GOVERNANCE)),
    ("culture", "C", "Culture", _topics(CULTURE)),
    ("use-of-resources", "R", "Use of Resources", _topics(USE_OF_RESOURCES)),
    ("service-delivery", "SD", "Service Delivery", _topics(SERVICE_DELIVERY)),
    (
        "partnerships-and-community-engagement",
        "PCE",
        "Partnerships and Community Engagement",
        _topics(PARTNERSHIPS_AND_COMMUNITY_ENGAGEMENT),
    ),
)

PLACE_STARTS = (
    "Ash", "Bram", "Calder", "Dun", "Elm", "Fern", "Glen", "Hart", "Ivy", "Kings", "Lang",
    "Marl", "North", "Oak", "Pen", "Quarry", "Red", "Stan", "Thorn", "Up", "Wick", "West", "Yar",
)  # fmt: skip
PLACE_ENDS = (
    "ford", "ton", "ley", "bury", "field", "wick", "ham", "mouth", "stead", "worth", "by",
    "dale", "bridge", "combe",
)  # fmt: skip
AUTHORITY_TYPES = (
    ("district", "E07", "District Council"),
    ("district", "E07", "Borough Council"),
    ("unitary", "E06", "Council"),
    ("metropolitan-district", "E08", "Metropolitan Borough Council"),
    ("london-borough", "E09", "London Borough Council"),
    ("county", "E10", "County Council"),
)
LEVELS = ("amber", "yellow", "light-green", "dark-green")
BODIES = (
    "Cabinet", "the Audit and Governance Committee", "the Overview and Scrutiny Committee",
    "the Corporate Leadership Team", "Full Council", "the Standards Committee",
    "the Resources Scrutiny Panel", "the Executive Board", "the Audit & Governance Committee",
)  # fmt: skip
REVIEWERS = (
    "the external auditor", "internal audit", "the LGA peer challenge team", "Ofsted",
    "the Care Quality Commission", "the Regulator of Social Housing",
    "the Local Government and Social Care Ombudsman", "the Information Commissioner's Office",
)  # fmt: skip
SERVICES = (
    "Adult Social Care", "Children's Services", "Housing", "Planning", "Waste and Recycling",
    "Revenues and Benefits", "Leisure and Culture", "Highways", "Environmental Health",
    "Customer Services", "Regeneration", "Libraries", "Legal Services", "Finance",
    "Planning & Building Control",
)  # fmt: skip
PARTNERS = (
    "the county council", "the integrated care board", "the police and crime commissioner",
    "the combined authority", "the fire and rescue service", "local housing associations",
    "the university", "the council for voluntary service", "the chamber of commerce",
    "neighbouring district councils",
)  # fmt: skip
DOCUMENTS = (
    "Corporate Plan 2024\u20132028",  # an en dash, as word processors write it
    "Annual Governance Statement", "Medium Term Financial Strategy",
    "Treasury Management Strategy", "Capital Strategy", "Workforce Strategy",
    "Corporate Peer Challenge report", "External Auditor's Annual Report",
    "Head of Internal Audit annual opinion", "Risk Management Strategy", "Constitution",
    "Scrutiny annual report", "Staff survey results", "Residents' survey",
    "Equality objectives report", "Digital Strategy", "Data Strategy", "Procurement Strategy",
    "Contracts register", "Asset Management Plan", "Climate Action Plan",
    "Community Engagement Strategy", "Complaints annual report",
    "Ombudsman annual review letter", "Member development programme",
    "Leadership development programme", "Quarterly performance report", "Housing Strategy",
    "Homelessness and Rough Sleeping Strategy", "Local Plan", "Economic Development Strategy",
    "Health and Wellbeing Strategy", "Community Safety Partnership Plan",
    "Transformation programme business case", "Information governance annual report",
    "Counter-fraud and corruption strategy", "Whistleblowing policy", "Business continuity plan",
    "Statement of Accounts", "Financial Regulations", "Budget and Council Tax report",
)  # fmt: skip
ROLES = (
    "Chief Executive", "Section 151 Officer", "Monitoring Officer", "Director of Resources",
    "Director of Place", "Director of People", "Head of Policy and Performance",
    "Head of HR and Organisational Development", "Head of ICT and Digital",
    "Head of Internal Audit", "Democratic Services Manager", "Head of Communities",
    "Head of Procurement", "Head of Housing", "Head of Customer Services",
    "Head of Legal Services", "Head of Communications", "Head of Property and Assets",
)  # fmt: skip
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
STAFF = ("staff", "managers", "frontline staff", "respondents")
STAFF_SAYS = _entries(
    """
they understand how their work contributes to the Council's priorities

they feel able to raise concerns without fear

senior leaders communicate well

they would recommend the Council as a place to work

they have the tools they need to do their job

change is well managed
"""
)
TASKS = (
    "process a new housing benefit claim", "determine a minor planning application",
    "resolve a council tax enquiry", "respond to a freedom of information request",
    "repair a pothole reported online", "complete a care needs assessment",
    "close a stage one complaint",
)  # fmt: skip
QUARTILES = ("top", "second", "third", "bottom")

STRENGTHS = _entries(
    """
{reviewer} found that arrangements for {topic} are {good}, and made no recommendations in this
area.

In {month} {year} {body} approved a refreshed approach to {topic}, developed with {partner} and
informed by benchmarking against {n} similar authorities.

{pct}% of {staff} said in the {year} staff survey that {says}, up from {pct2}% the year before.

The {document} sets out clear responsibilities for {topic}, and compliance is checked by
{reviewer} each year.

{service} has reduced the average time taken to {task} from {big} to {n} working days over the
last two years.

Quarterly reports to {body} show progress on {topic} against agreed milestones, with exceptions
explained and actions agreed.

Joint work with {partner} on {topic} has been recognised as good practice by the Local
Government Association.

All {n} recommendations from the {year} review of {topic} have been implemented, and their
impact was reported to {body} in {month}.

Members received training on {topic} in {month} {year}, with attendance of {pct}%, and feedback
was positive.

The Council responded quickly to the findings of {reviewer} on {topic}, agreeing an action plan
within {n} weeks.

{service} met {pct}% of its published service standards in {year}, the best result in the last
five years.

An officer group meets monthly to oversee {topic} and reports by exception to the Corporate
Leadership Team.
"""
)
IMPROVEMENTS = _entries(
    """
Arrangements for {topic} are not yet consistent across services; {n} of {m} service areas have
up-to-date plans in place.

{reviewer} noted in {month} {year} that {topic} relies on a small number of officers, which
creates a single point of failure.

Progress on {topic} has been slower than planned, and {n} milestones in the {document} have
slipped into {next_year}.

Only {pct}% of {staff} said in the {year} staff survey that {says}, below the local government
benchmark of {pct2}%.

The Council does not yet measure the impact of its work on {topic}, so {body} cannot judge
whether it is improving.

Data on {topic} is held in {n} separate systems and has to be reconciled by hand before each
quarterly report.

{service} missed its target time to {task} in {q} of the last four quarters, and {big} cases
were waiting at the end of {month}.

Recommendations from the {year} review of {topic} remain open, including {n} rated high priority
by internal audit.

Engagement with {partner} on {topic} has been uneven, and the partnership agreement has not been
reviewed since {old_year}.

Training on {topic} is not mandatory, and completion among managers stands at {pct}%.

Reports to {body} on {topic} are long and descriptive, which makes it hard for Members to focus
on risks and decisions.

The {document} does not reflect the latest statutory guidance, and its review is overdue.
"""
)
FOLLOW_UPS = _entries(
    """
This was confirmed by {reviewer} in its {year} report.

The Corporate Leadership Team reviews progress every month.

Further work is planned for {next_year}, subject to budget approval.

Members have asked for a progress report to {body} in {month}.

Evidence of impact will be reviewed at the mid-year point.

Comparison with {n} similar authorities places the Council in the {quartile} quartile.

Feedback from residents collected through the {year} survey supports this view.

The position has improved since the last self-assessment but is not yet where the Council wants
it to be.

Staff in {service} described the change as positive in focus groups held in {month}.

The risk is recorded on the corporate risk register and reviewed each quarter.

Spending on this area was {pct}% of the budget set for {year}.

Savings of £{big}k were delivered in {year}, against a target of £{big2}k.

A report on lessons learned went to {body} in {month} {year}.
"""
)
GOOD = ("robust", "well embedded", "effective", "proportionate and well understood")
ACTION_VERBS = (
    "Introduce", "Complete", "Review", "Refresh", "Deliver", "Develop", "Implement", "Agree",
    "Commission", "Publish", "Roll out", "Embed",
)  # fmt: skip
ACTION_OBJECTS = _entries(
    """
a new approach to {topic}

the {document}

training on {topic} for all managers

a benchmarking exercise on {topic} with {n} similar authorities

an action plan responding to {reviewer} on {topic}

quarterly reporting on {topic} to {body}

a workforce plan for {service}

a data improvement plan for {service}

a joint protocol with {partner} on {topic}
"""
)
PROGRESS = _entries(
    """
Draft prepared and shared with the Corporate Leadership Team in {month}.

Delayed by vacancies in {service}; a revised date has been agreed with {body}.

About {pct}% complete and on track for the due date.

Consultation with {partner} closed in {month}, and responses are being analysed.

Procurement of a supplier is under way, with an award expected in {month}.

Work has not started because the lead officer post in {service} is vacant.

Terms of reference agreed; the first meeting took place in {month} {year}.

A report goes to {body} in {month} for a decision on the preferred option.
"""
)
COMMENTS = _entries(
    """
The rating reflects limited evidence of impact so far.

See the findings below; progress depends on recruitment in {service}.

The rating reflects the view of {reviewer} in {month} {year}.

Improved since the last self-assessment following the {document} review.

Not yet consistent across all service areas.
"""
)


# --- A tiny YAML writer: block style, folded prose, flow lists of ids -----------------------

_PLAIN_SAFE = re.compile(r"[A-Za-z(][^:#'\"\[\]{},&*!|>%@`]*")


def scalar(value: str) -> str:
    """A YAML scalar for `value`: plain when that reads back as the same string, else quoted."""
    if _PLAIN_SAFE.fullmatch(value) and value == value.strip():
        return value
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


def folded(key: str, text: str, indent: int) -> list[str]:
    """`key: >-` followed by the text wrapped at WRAP columns, as people write long prose."""
    pad = " " * (indent + 2)
    lines = textwrap.wrap(text, width=WRAP - len(pad), break_on_hyphens=False)
    return [f"{' ' * indent}{key}: >-", *(pad + line for line in lines)]


def prose(key: str, text: str, indent: int) -> list[str]:
    """Short text on the key's line, long text folded."""
    if indent + len(key) + 2 + len(text) <= WRAP and _PLAIN_SAFE.fullmatch(text):
        return [f"{' ' * indent}{key}: {text}"]
    return folded(key, text, indent)


def flow(ids: Sequence[str]) -> str:
    return "[" + ", ".join(ids) + "]"


# --- The content of one authority ------------------------------------------------------------


class _Slots(dict[str, str]):
    """Template values drawn on first use, so a sentence costs only the draws it needs."""

    def __init__(self, rng: random.Random, year: int, topic: str) -> None:
        super().__init__(topic=topic)
        self.rng = rng
        self.year = year

    def __missing__(self, key: str) -> str:
        r, year = self.rng, self.year
        if key == "pct2":
            value = str(max(20, int(self["pct"]) - r.randint(3, 15)))
        elif key in _CHOICES:
            value = r.choice(_CHOICES[key])
        elif key in _RANGES:
            low, high = _RANGES[key]
            value = str(r.randint(low, high))
        elif key == "year":
            value = str(r.choice((year - 1, year)))
        elif key == "old_year":
            value = str(r.randint(year - 7, year - 3))
        elif key == "next_year":
            value = f"{year + 1}/{(year + 2) % 100:02d}"
        else:
            raise KeyError(key)
        self[key] = value
        return value


_CHOICES: dict[str, tuple[str, ...]] = {
    "reviewer": REVIEWERS,
    "body": BODIES,
    "partner": PARTNERS,
    "service": SERVICES,
    "document": DOCUMENTS,
    "month": MONTHS,
    "staff": STAFF,
    "says": STAFF_SAYS,
    "task": TASKS,
    "quartile": QUARTILES,
    "good": GOOD,
}
_RANGES = {
    "n": (2, 9),
    "m": (10, 16),
    "q": (1, 4),
    "big": (12, 480),
    "big2": (90, 900),
    "pct": (38, 94),
}


@dataclass
class Filler:
    """Fills `{slot}` templates with words drawn from one random stream."""

    rng: random.Random
    year: int

    def fill(self, template: str, topic: str) -> str:
        text = template.format_map(_Slots(self.rng, self.year, topic))
        return text[0].upper() + text[1:]

    def paragraph(self, first: Sequence[str], topic: str, sentences: int) -> str:
        """`sentences` sentences: one to three from `first`, the rest follow-ups."""
        r = self.rng
        lead = min(sentences, r.randint(1, 3))
        chosen = r.sample(first, lead) + r.sample(FOLLOW_UPS, sentences - lead)
        return " ".join(self.fill(t, topic) for t in chosen)


@dataclass
class Authority:
    """Everything drawn for one authority before any text is written."""

    index: int
    name: str
    slug: str
    kind: str
    code: str
    as_of: date
    rng: random.Random
    filler: Filler
    criteria: dict[str, list[str]] = field(default_factory=dict)  # theme -> ids
    topics: dict[str, str] = field(default_factory=dict)  # criterion id -> topic title
    library: list[str] = field(default_factory=list)  # evidence ids in evidence.yaml
    theme_evidence: dict[str, list[str]] = field(default_factory=dict)
    next_action: int = 1

    @property
    def all_criteria(self) -> list[str]:
        return [c for ids in self.criteria.values() for c in ids]

    @property
    def all_evidence(self) -> list[str]:
        return self.library + [e for ids in self.theme_evidence.values() for e in ids]

    def action_id(self) -> str:
        found = f"A{self.next_action:03d}"
        self.next_action += 1
        return found


def _authority(seed: int, index: int) -> Authority:
    rng = random.Random(f"bvduty-bench:{seed}:{index}")  # str seeds hash the same on every run
    start = PLACE_STARTS[index % len(PLACE_STARTS)]
    end = PLACE_ENDS[(index // len(PLACE_STARTS) + index) % len(PLACE_ENDS)]
    place = start + end
    if index >= len(PLACE_STARTS) * len(PLACE_ENDS):
        place += f" {index // (len(PLACE_STARTS) * len(PLACE_ENDS)) + 1}"
    kind, prefix, suffix = rng.choice(AUTHORITY_TYPES)
    as_of = date(2025, 1, 31) + timedelta(days=rng.randint(0, 59))
    slug = f"{index + 1:03d}-{place.lower().replace(' ', '-')}"
    return Authority(
        index=index,
        name=f"{place} {suffix}",
        slug=slug,
        kind=kind,
        code=f"{prefix}{rng.randint(0, 999999):06d}",
        as_of=as_of,
        rng=rng,
        filler=Filler(rng, 2024),
    )


def _plan(a: Authority) -> None:
    """Draw the ids first, so every reference can point anywhere in the assessment."""
    r = a.rng
    for theme, prefix, _, topics in THEMES:
        count = r.randint(10, 14)
        chosen = sorted(r.sample(range(len(topics)), count))
        ids = [f"{prefix}{n + 1:03d}" for n in chosen]
        a.criteria[theme] = ids
        a.topics.update((cid, topics[n][0]) for cid, n in zip(ids, chosen, strict=True))
    next_evidence = 1
    for _ in range(r.randint(80, 95)):
        a.library.append(f"E{next_evidence:03d}")
        next_evidence += 1
    for theme, *_ in THEMES:
        count = r.randint(4, 8)
        a.theme_evidence[theme] = [f"E{next_evidence + n:03d}" for n in range(count)]
        next_evidence += count


def _header(a: Authority, what: str) -> list[str]:
    return [
        f"# {what}, {a.name} Best Value Duty self-assessment 2024/25.",
        "#",
        "# GENERATED for bvduty benchmarks (benchmarks/make_corpus.py): the authority is fictional",
        "# and every rating, name, date and figure is made up.",
    ]


def _manifest(a: Authority) -> list[str]:
    r, f = a.rng, a.filler
    status = r.choice(("draft", "in-review", "in-review", "approved"))
    lines = [
        *_header(a, "The manifest"),
        "bvduty: 1",
        "kind: assessment",
        "authority:",
        f"  name: {scalar(a.name)}",
        f"  code: {a.code}",
        f"  type: {a.kind}",
        "title: Best Value Duty self-assessment 2024/25",
        'period: "2024/25"',
        f"as_of: {a.as_of.isoformat()}",
        "framework: best-value-2024",
        f"status: {status}",
    ]
    if status == "approved":
        approved = a.as_of + timedelta(days=r.randint(5, 40))
        lines += ["approved_by: Audit and Governance Committee", f"approved_on: {approved}"]
    lines += [
        "scale:",
        "  levels:",
        '    - {id: amber, label: Significant improvement needed, short: A, colour: "#f47738"}',
        '    - {id: yellow, label: Some improvement needed, short: "Y", colour: "#ffdd00"}',
        '    - {id: light-green, label: Good, short: LG, colour: "#85994b"}',
        '    - {id: dark-green, label: Strong, short: DG, colour: "#00703c"}',
        "default_target: light-green",
        "report:",
        "  committee: Audit and Governance Committee",
        f"  meeting_date: {a.as_of + timedelta(days=r.randint(14, 45))}",
        "  report_of: Chief Executive",
        "  author:",
        f"    name: {r.choice(('Priya', 'Tom', 'Aisha', 'Gareth', 'Mei', 'Sian'))} "
        f"{r.choice(('Lawson', 'Okafor', 'Hughes', 'Patel', 'Reid', 'Morgan'))}",
        f"    email: policy@{a.slug[4:]}.gov.uk",
        f'    phone: "01632 {r.randint(100, 999)} {r.randint(100, 999)}"',
        "  wards: All wards",
        "  key_decision: no",
        "  classification: public",
        *folded(
            "purpose",
            f"To present the Best Value Duty self-assessment of {a.name} for 2024/25, measured"
            " against the seven themes of the May 2024 statutory guide, and the improvement"
            " action plan that follows from it, for discussion and noting.",
            2,
        ),
        "  recommendations:",
    ]
    for text in (
        "That the Committee notes the 2024/25 Best Value Duty self-assessment and the heatmap of"
        " ratings at Appendix 1.",
        "That the Committee comments on the areas for improvement identified and the action plan"
        " at Appendix 2, including the actions that are behind schedule.",
        f"That the Committee receives a six-monthly progress report, the next in"
        f" {r.choice(MONTHS)} 2025.",
    ):
        lines += ["    - >-", *("      " + t for t in textwrap.wrap(text, WRAP - 6))]
    lines += [
        "  options:",
        "    - To note the self-assessment and its action plan (recommended).",
        "    - To ask for further work before the self-assessment is noted.",
        "  reasons: The Committee's terms of reference include the Best Value Duty.",
        "  implications:",
    ]
    for heading in ("financial", "legal", "risk", "equalities"):
        body = " ".join(f.fill(r.choice(FOLLOW_UPS), "the action plan") for _ in range(2))
        lines += folded(heading, body, 4)
    lines.append("  background_papers:")
    for document in r.sample(DOCUMENTS, 4):
        lines.append(f"    - {scalar(document + ' 2024/25')}")
    return lines


def _rating(a: Authority) -> tuple[str | None, bool]:
    """A rating (None = unrated) and whether to write it as an explicit null."""
    r = a.rng
    if r.random() < 0.06:
        return None, r.random() < 0.5
    weights = (1 + (a.index % 3), 4, 5, 2 + (a.index % 2))
    return r.choices(LEVELS, weights=weights)[0], False


def _theme(a: Authority, number: int, theme: str, prefix: str, title: str) -> list[str]:
    r, f = a.rng, a.filler
    ids = a.criteria[theme]
    lead, reviewer = r.sample(ROLES, 2)
    summary = (
        f.paragraph(STRENGTHS, title.lower(), 4)
        + " "
        + f.paragraph(IMPROVEMENTS, a.topics[r.choice(ids)].lower(), 5)
    )
    lines = [
        *_header(a, f"Theme {number}: {title}"),
        "bvduty: 1",
        "kind: theme",
        f"theme: {theme}",
        f"lead: {lead}",
        f"reviewer: {reviewer}",
        *folded("summary", summary, 0),
        "",
        "criteria:",
    ]
    # A see cell points at the first cell of an earlier theme: never itself a see cell (those
    # are drawn from ids[1:]), since bvduty refuses a chain of cross-references.
    earlier = [a.criteria[t][0] for t, *_ in THEMES[: number - 1]]
    see_cells = set(r.sample(ids[1:], 1)) if earlier and r.random() < 0.3 else set()
    statements = dict(next(t for t in THEMES if t[0] == theme)[3])
    for cid in ids:
        lines.append(f"  - id: {cid}")
        lines.append(f"    title: {scalar(a.topics[cid])}")
        if cid in see_cells:
            lines.append(f"    see: {r.choice(earlier)}")
            continue
        lines += folded("statement", statements[a.topics[cid]], 4)
        rating, explicit_null = _rating(a)
        if rating is not None:
            lines.append(f"    rating: {rating}")
        elif explicit_null:
            lines.append("    rating: null")
        if r.random() < 0.15:
            lines.append(f"    target: {r.choice(('dark-green', 'dark-green', 'yellow'))}")
        if rating is not None and r.random() < 0.93:
            local = a.theme_evidence[theme]
            refs = r.sample(a.library, r.randint(1, 3)) + r.sample(local, r.randint(0, 1))
            lines.append(f"    evidence: {flow(refs)}")
        if r.random() < 0.6:
            topic = a.topics[cid].lower()
            notes = [r.choice(COMMENTS), *r.sample(FOLLOW_UPS, r.randint(0, 2))]
            lines += prose("comment", " ".join(f.fill(t, topic) for t in notes), 4)
    lines += ["", "findings:"]
    for n in range(r.randint(9, 15)):
        strength = r.random() < 0.5
        about = r.sample(ids, r.randint(1, 3))
        if n % 3 != 2:
            lines.append(f"  - id: {prefix}-F{n + 1:02d}")
            lines.append(f"    type: {'strength' if strength else 'improvement'}")
        else:
            lines.append(f"  - type: {'strength' if strength else 'improvement'}")
        lines.append(f"    criteria: {flow(about)}")
        text = f.paragraph(
            STRENGTHS if strength else IMPROVEMENTS, a.topics[about[0]].lower(), r.randint(6, 13)
        )
        lines += folded("text", text, 4)
    lines += ["", "actions:"]
    for _ in range(r.randint(3, 7)):
        lines += _action(a, r.sample(ids, r.randint(1, 2)))
    lines += ["", "evidence:"]
    for eid in a.theme_evidence[theme]:
        lines += _evidence(a, eid)
    return lines


def _action(a: Authority, criteria: list[str]) -> list[str]:
    r, f = a.rng, a.filler
    topic = a.topics[criteria[0]].lower()
    title = f"{r.choice(ACTION_VERBS)} {f.fill(r.choice(ACTION_OBJECTS), topic)}"
    due = a.as_of + timedelta(days=r.randint(-240, 420))
    if due < a.as_of:
        choices = ("done", "in-progress", "planned", "blocked", "cancelled")
        status = r.choices(choices, (6, 3, 1, 1, 1))[0]
    else:
        status = r.choices(("done", "in-progress", "planned", "blocked"), (1, 5, 4, 1))[0]
    lines = [
        f"  - id: {a.action_id()}",
        *prose("title", title, 4),
        f"    owner: {r.choice(ROLES)}",
        f"    due: {due.isoformat()}",
        f"    status: {status}",
    ]
    if status == "done":
        done = min(a.as_of, due + timedelta(days=r.randint(-60, 30)))
        lines.append(f"    completed_on: {done.isoformat()}")
    lines.append(f"    priority: {r.choice(('high', 'medium', 'medium', 'low'))}")
    lines.append(f"    criteria: {flow(criteria)}")
    if status != "planned" or r.random() < 0.3:
        lines += prose("progress", " ".join(f.fill(p, topic) for p in r.sample(PROGRESS, 2)), 4)
    return lines


def _evidence(a: Authority, eid: str) -> list[str]:
    r = a.rng
    title = f"{r.choice(DOCUMENTS)} {r.choice(('2023/24', '2024/25', '2024', '(draft)'))}"
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    when = a.as_of - timedelta(days=r.randint(10, 700))
    lines = [
        f"  - id: {eid}",
        f"    title: {scalar(title)}",
        f"    ref: https://www.{a.slug[4:]}.gov.uk/documents/{slug}-{eid.lower()}",
        f"    date: {when.isoformat()}",
    ]
    if r.random() < 0.8:
        lines.append(f"    owner: {r.choice(ROLES)}")
    return lines


def _actions_file(a: Authority) -> list[str]:
    r = a.rng
    lines = [*_header(a, "Council-wide action plan"), "bvduty: 1", "kind: actions", "actions:"]
    every = a.all_criteria
    for _ in range(r.randint(36, 46)):
        lines += _action(a, r.sample(every, r.randint(1, 3)))
    return lines


def _evidence_file(a: Authority) -> list[str]:
    lines = [*_header(a, "Evidence library"), "bvduty: 1", "kind: evidence", "evidence:"]
    for eid in a.library:
        lines += _evidence(a, eid)
    return lines


def authority_files(seed: int, index: int, shape: str = "block") -> tuple[str, dict[str, str]]:
    """The folder name and {relative path: text} of one authority; pure and deterministic.

    `shape` is one of SHAPES: the same authority written another way (see _SHAPERS).
    """
    a = _authority(seed, index)
    _plan(a)
    files = {"assessment.yaml": _manifest(a)}
    for number, (theme, prefix, title, _) in enumerate(THEMES, start=1):
        files[f"themes/{number:02d}-{theme}.yaml"] = _theme(a, number, theme, prefix, title)
    files["actions.yaml"] = _actions_file(a)
    files["evidence.yaml"] = _evidence_file(a)
    reshape = _SHAPERS[shape]
    texts = {name: "\n".join(reshape(lines)) + "\n" for name, lines in files.items()}
    if index % 3 == 0:  # text pasted from a word processor: typographic apostrophes
        texts = {name: text.replace("'", "\u2019") for name, text in texts.items()}
    return a.slug, texts


# --- Shapes: the same content written in other styles --------------------------------------
#
# Why: a bare parse does more work per plain scalar than per byte of prose, so a ratio measured
# on one style says little about another. `prose` writes long multi-paragraph text (few
# scalars per byte); `flow` writes each list entry as a one-line flow mapping of short values
# (many scalars per byte). Both rewrite the block lines above, so all shapes hold the same
# authorities, ids and references, and every shape is valid.

_FOLDED = re.compile(r"( *)(- |)([a-z_]+): >-")
_PLAIN_LINE = re.compile(r"( *)([a-z_]+): ([A-Za-z(][^:#'\"\[\]{},&*!|>%@`]*)")
_ENTRY = re.compile(r"( *)- (.*)")
_FIELD = re.compile(r"([a-z_]+): (.*)")
_FLOW_PLAIN = re.compile(r"[A-Za-z0-9(][^,\[\]{}#:'\"]*")


def _block_text(lines: list[str], start: int) -> tuple[str, int]:
    """The text of the folded scalar whose lines start at `start`, and the line after it."""
    indent = len(lines[start]) - len(lines[start].lstrip(" "))
    end = start
    while end < len(lines) and lines[end].startswith(" " * indent) and lines[end].strip():
        end += 1
    return " ".join(line.strip() for line in lines[start:end]), end


def _sentences(text: str) -> list[str]:
    return [s if s.endswith(".") else s + "." for s in text.split(". ") if s]


def _as_prose(lines: list[str]) -> list[str]:
    """Folded text becomes three times as much, in literal paragraphs with blank lines between;
    long one-line text runs on to a second line as a plain scalar."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        folded_match = _FOLDED.fullmatch(line)
        if folded_match:
            text, i = _block_text(lines, i + 1)
            pad = folded_match.group(1) + " " * (len(folded_match.group(2)) + 2)
            said = _sentences(text)
            said += said[1:] + said[:1] + said[::-1]
            out.append(line.replace(">-", "|-"))
            for n in range(0, len(said), 2):
                if n:
                    out.append("")
                out += [pad + part for part in textwrap.wrap(" ".join(said[n : n + 2]), 72)]
            continue
        plain = _PLAIN_LINE.fullmatch(line)
        words = plain.group(3).split(" ") if plain else []
        if plain and len(words) > 6 and words[len(words) // 2][:1].isalnum():
            half = len(words) // 2
            out.append(f"{plain.group(1)}{plain.group(2)}: {' '.join(words[:half])}")
            out.append(f"{plain.group(1)}  {' '.join(words[half:])}")
        else:
            out.append(line)
        i += 1
    return out


def _flow_value(value: str) -> str:
    if value.startswith("[") or _FLOW_PLAIN.fullmatch(value):
        return value
    return json.dumps(value.strip('"'), ensure_ascii=False)


def _as_flow(lines: list[str]) -> list[str]:
    """Each list entry of key/value lines becomes `- {key: value, ...}` on one line; folded text
    keeps only its first sentence, so values are short. Top-level text stays block style."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        entry = _ENTRY.fullmatch(lines[i])
        if entry is None or _FIELD.fullmatch(entry.group(2)) is None:
            line = lines[i]
            if _FOLDED.fullmatch(line) and not line.startswith(" "):
                text, i = _block_text(lines, i + 1)
                out.append(line.replace(">-", json.dumps(_sentences(text)[0], ensure_ascii=False)))
                continue
            out.append(line)
            i += 1
            continue
        pad = entry.group(1)
        fields = [entry.group(2)]
        i += 1
        while i < len(lines) and lines[i].startswith(pad + "  ") and lines[i].strip():
            fields.append(lines[i].strip())
            i += 1
        pairs = []
        n = 0
        while n < len(fields):
            key, value = _FIELD.fullmatch(fields[n]).groups()  # type: ignore[union-attr]
            n += 1
            if value == ">-":
                start = n
                while n < len(fields) and _FIELD.fullmatch(fields[n]) is None:
                    n += 1
                value = json.dumps(_sentences(" ".join(fields[start:n]))[0], ensure_ascii=False)
            else:
                value = _flow_value(value)
            pairs.append(f"{key}: {value}")
        out.append(f"{pad}- {{{', '.join(pairs)}}}")
    return out


def _same(lines: list[str]) -> list[str]:
    return lines


_SHAPERS: dict[str, Callable[[list[str]], list[str]]] = {
    "block": _same,
    "prose": _as_prose,
    "flow": _as_flow,
}
SHAPES = tuple(_SHAPERS)


# --- Injected errors -------------------------------------------------------------------------

Mutation = Callable[[list[str], random.Random], bool]
_TYPOS = {
    "statement": "statment",
    "title": "tilte",
    "owner": "onwer",
    "progress": "progres",
    "comment": "coment",
}


def _pick(lines: list[str], pattern: str, r: random.Random) -> tuple[int, re.Match[str]] | None:
    regex = re.compile(pattern)
    hits = [(i, m) for i, line in enumerate(lines) if (m := regex.fullmatch(line))]
    return r.choice(hits) if hits else None


def _typo_field(lines: list[str], r: random.Random) -> bool:
    hit = _pick(lines, r"( +(?:- )?)(statement|title|owner|progress|comment)(:.*)", r)
    if hit is None:
        return False
    i, m = hit
    lines[i] = m.group(1) + _TYPOS[m.group(2)] + m.group(3)
    return True


def _bad_level(lines: list[str], r: random.Random) -> bool:
    hit = _pick(lines, r"( +rating: )([a-z-]+)", r)
    if hit is None or hit[1].group(2) == "null":
        return False
    i, m = hit
    lines[i] = m.group(1) + m.group(2).replace("e", "", 1) + "ish"
    return True


def _bad_date(lines: list[str], r: random.Random) -> bool:
    hit = _pick(lines, r"( +(?:due|date|completed_on|as_of): )(\d{4})-(\d\d)-(\d\d)", r)
    if hit is None:
        return False
    i, m = hit
    year, month, day = m.group(2, 3, 4)
    lines[i] = m.group(1) + (f"{year}-02-30" if r.random() < 0.5 else f"{day}/{month}/{year}")
    return True


def _unknown_reference(lines: list[str], r: random.Random) -> bool:
    hit = _pick(lines, r"( +(?:evidence|criteria): \[)([^\]]+)(\])", r)
    if hit is None:
        return False
    i, m = hit
    ids = m.group(2).split(", ")
    ids[r.randrange(len(ids))] = "X404"
    lines[i] = m.group(1) + ", ".join(ids) + m.group(3)
    return True


def _duplicate_key(lines: list[str], r: random.Random) -> bool:
    hit = _pick(lines, r"( +)(owner|due|rating|date|priority): .*", r)
    if hit is None:
        return False
    i, _ = hit
    lines.insert(i + 1, lines[i])
    return True


def _broken_yaml(lines: list[str], r: random.Random) -> bool:
    hit = _pick(lines, r"( +(?:evidence|criteria): \[[^\]]+)\]", r)
    if hit is None:
        return False
    i, m = hit
    lines[i] = m.group(1)
    return True


def _done_without_date(lines: list[str], r: random.Random) -> bool:
    hit = _pick(lines, r" +completed_on: .*", r)
    if hit is None:
        return False
    del lines[hit[0]]
    return True


def _duplicate_id(lines: list[str], r: random.Random) -> bool:
    regex = re.compile(r"( +- id: )(\S+)")
    hits = [i for i, line in enumerate(lines) if regex.fullmatch(line)]
    if len(hits) < 2:
        return False
    first, second = sorted(r.sample(hits, 2))
    lines[second] = lines[first]
    return True


MUTATIONS: dict[str, Mutation] = {
    "unknown-field": _typo_field,
    "unknown-level": _bad_level,
    "bad-date": _bad_date,
    "unknown-reference": _unknown_reference,
    "duplicate-key": _duplicate_key,
    "yaml-syntax": _broken_yaml,
    "done-without-date": _done_without_date,
    "duplicate-id": _duplicate_id,
}


def inject(text: str, r: random.Random) -> tuple[str, str] | None:
    """Put one positioned error into `text`; (new text, what was injected) or None if none fit."""
    for name in r.sample(sorted(MUTATIONS), len(MUTATIONS)):
        lines = text.split("\n")
        if MUTATIONS[name](lines, r):
            return "\n".join(lines), name
    return None


# --- Writing the corpus ----------------------------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    """What was written: counts, and every injected error as (relative file, what)."""

    out: Path
    authorities: int
    files: int
    bytes: int
    injected: tuple[tuple[str, str], ...]


def marker_settings(
    authorities: int, seed: int, invalid_rate: float, shape: str = "block"
) -> dict[str, object]:
    """The settings recorded in the marker; a corpus is reused only when they match."""
    return {
        "generator": GENERATOR_VERSION,
        "authorities": authorities,
        "seed": seed,
        "invalid_rate": invalid_rate,
        "shape": shape,
    }


def read_marker(out: Path) -> dict[str, object] | None:
    """The marker of a corpus folder, or None when there is none (or it is unreadable)."""
    try:
        found = json.loads((out / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def generate(
    out: Path,
    authorities: int,
    *,
    seed: int = 2025,
    invalid_rate: float = 0.0,
    shape: str = "block",
) -> Corpus:
    """Write the corpus to `out`, replacing a corpus written there before.

    Raises:
        FileExistsError: `out` holds files that this script did not write.
    """
    if out.exists():
        if read_marker(out) is None and any(out.iterdir()):
            raise FileExistsError(f"{out} exists and is not a generated corpus; not touching it")
        shutil.rmtree(out)
    files = size = 0
    injected: list[tuple[str, str]] = []
    for index in range(authorities):
        folder, texts = authority_files(seed, index, shape)
        for name, text in texts.items():
            relative = f"{folder}/{name}"
            if invalid_rate > 0:
                broken = random.Random(f"bvduty-bench-invalid:{seed}:{relative}")
                if broken.random() < invalid_rate and (found := inject(text, broken)):
                    text, what = found
                    injected.append((relative, what))
            data = text.encode("utf-8")
            path = out / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            files += 1
            size += len(data)
    marker = {
        **marker_settings(authorities, seed, invalid_rate, shape),
        "files": files,
        "bytes": size,
        "injected": [{"file": f, "error": e} for f, e in injected],
    }
    (out / MARKER).write_text(json.dumps(marker, indent=1) + "\n", encoding="utf-8")
    return Corpus(out, authorities, files, size, tuple(injected))


def fraction(text: str) -> float:
    """An argparse type: a number from 0 to 1."""
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--authorities", type=int, default=317, help="how many (default 317)")
    parser.add_argument("--out", type=Path, default=Path("bench-corpus"), help="output folder")
    parser.add_argument("--seed", type=int, default=2025, help="random seed (default 2025)")
    parser.add_argument(
        "--invalid-rate",
        type=fraction,
        default=0.0,
        help="fraction of files given one positioned error, e.g. 0.01 (default 0)",
    )
    parser.add_argument(
        "--shape",
        choices=SHAPES,
        default="block",
        help="block (the default), prose (long multi-paragraph text) or flow (one-line entries)",
    )
    args = parser.parse_args(argv)
    try:
        corpus = generate(
            args.out,
            args.authorities,
            seed=args.seed,
            invalid_rate=args.invalid_rate,
            shape=args.shape,
        )
    except FileExistsError as exc:
        sys.stderr.write(f"make_corpus: {exc}\n")
        return 2
    sys.stderr.write(
        f"wrote {corpus.files:,} files, {corpus.bytes / 1e6:.1f} MB, {corpus.authorities}"
        f" authorities to {corpus.out}; {len(corpus.injected)} error(s) injected\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
