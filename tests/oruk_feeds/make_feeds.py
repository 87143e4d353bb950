"""Write the Open Referral UK test feeds in this folder (issue 23, point 7).

Every record is invented here, from the shapes described in
`../shared/reference/oruk-v1-notes.md` (the original shape most live council feeds still use)
and the Open Referral UK 3.0 examples in `tests/oruk_examples/`. No council's data is copied.
The output is the same on every run (a seeded random generator, sorted keys, minified), so the
committed files only change when this script does. Run it from the repository root:

    .venv/bin/python tests/oruk_feeds/make_feeds.py

It writes:

- `oruk3-uuid-ids.json`: a page of ten full Open Referral UK 3.0 services from a supplier whose
  need vocabulary is its own (seven terms, "Autism", "Learning difficulties", ...), with HSDS 3.0
  `eligibility_description`, `application_process` and `wait_time`; every id is a UUID.
- `oruk3-plain-ids.json`: the same services with ids that are not UUIDs ("ANY-SVC-0001").
- `oruk-original-shape.json`: a paged `content` list of 400 full services in the original
  shape, with HTML descriptions, one broken record (an empty name), accented organisation
  names, records with no contact, non-UUID service ids, supplier `pc_` fields, and records that
  leave out cost, referral, needs and contact.

`tests/test_oruk_feeds.py` names the chosen records below by their ids and writes out what
their pages and export must say.
"""

from __future__ import annotations

import json
import random
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = 23
NAMESPACE = uuid.UUID("6f1d2f3e-7a8b-4c5d-9e0f-123456789abc")  # only for the fixtures' own ids
JSON = dict[str, Any]

# Original shape: the chosen records the tests read (ids, positions) ------------------------

HOUSING_ID = "ANY-SVC-1001"
CAFE_ID = "ANY-SVC-1002"
NO_CONTACT_ID = "ANY-SVC-1003"
SWIM_ID = "ANY-SVC-1004"
BROKEN_ID = "ANY-SVC-1137"
BROKEN_POSITION = 137  # 1-based position of the record with an empty name
ORIGINAL_COUNT = 400
NO_CONTACT_COUNT = 20  # records with no phone, email or website, the chosen one included

# 3.0: the supplier's own vocabulary and the chosen records ------------------------------

NEED_TERMS = ("Autism", "Learning difficulties", "Speech and language", "ADHD",
              "Sensory impairment", "Physical disability", "Emotional wellbeing")
AUDIENCE_TERMS = ("Parents and carers", "Children and young people", "Professionals",
                  "Brothers and sisters")
SHORT_BREAKS_KEY = "short-breaks-assessment"
NO_COST_KEY = "sleep-advice-clinic"


def uid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


# 3.0 feed ---------------------------------------------------------------------------------

COUNCIL_TEAM = "Anytown Council Children with Disabilities Team"  # also in the example
FORUM = "Anytown Parent Carer Forum"  # also in the example
CAFE_ORG = "Brook Green Community Café"

ORGANISATIONS_3 = {
    COUNCIL_TEAM: ("The council's social work team for disabled children and their families: "
                   "assessments, short breaks and direct payments.",
                   "https://www.example.org.uk/anytown/disabled-children/",
                   "cwd.team@anytown.example.org.uk"),
    FORUM: ("Parents and carers of children with SEND, working with the council and health "
            "services to make things better.", "https://anytown-pcf.example.org.uk/",
            "hello@anytown-pcf.example.org.uk"),
    CAFE_ORG: ("A community café and meeting room run by volunteers on Brook Green.", None,
               None),
}

# key, name, organisation, description, needs, audiences, category, ages, cost, access texts
SERVICES_3: list[JSON] = [
    {"key": SHORT_BREAKS_KEY, "name": "Short breaks assessment", "org": COUNCIL_TEAM,
     "description": "A social worker meets you and your child to talk about what would give "
                    "your family a break, and agrees a plan of short breaks with you. Breaks "
                    "can be after school, at weekends or in the holidays.",
     "needs": ["Autism", "Learning difficulties", "Physical disability"],
     "audiences": ["Parents and carers"], "category": "Short breaks", "ages": (0, 17),
     "cost": [{"option": "Assessment", "amount": 0, "amount_description": "No charge"}],
     "eligibility": "Disabled children and young people up to their 18th birthday who live in "
                    "Anytown.",
     "apply": "Ask the Disabled Children's Team for an assessment.",
     "wait": "Usually six to eight weeks from the first call.",
     "phone": "01632 960210", "email": "cwd.team@anytown.example.org.uk"},
    {"key": NO_COST_KEY, "name": "Sleep advice clinic", "org": COUNCIL_TEAM,
     "description": "A nurse talks through bedtime routines, night waking and early rising "
                    "with parents, and agrees a few small changes to try at home.",
     "needs": ["Autism", "ADHD"], "audiences": ["Parents and carers"], "category": "Health",
     "ages": (2, 11), "cost": None,
     "eligibility": None, "apply": None, "wait": None,
     "phone": "01632 960211", "email": None},
    {"key": "parent-carer-forum-coffee-mornings", "name": "Coffee mornings for parent carers",
     "org": FORUM,
     "description": "Meet other parents and carers once a month, with a guest from a local "
                    "service at every second meeting. Come for ten minutes or stay all morning.",
     "needs": ["Autism", "Learning difficulties", "Speech and language", "ADHD",
               "Sensory impairment", "Physical disability", "Emotional wellbeing"],
     "audiences": ["Parents and carers", "Brothers and sisters"], "category": "Support groups",
     "ages": None, "cost": [{"option": "Free", "amount": 0}],
     "eligibility": "Any parent or carer of a child or young person with SEND in Anytown.",
     "apply": "Just come along. There is no need to book.", "wait": None,
     "phone": None, "email": "hello@anytown-pcf.example.org.uk"},
    {"key": "signing-club", "name": "Saturday signing club", "org": FORUM,
     "description": "Families learn Makaton signs and symbols together through songs, games "
                    "and stories. Each term builds on the last, so start in September if you "
                    "can.",
     "needs": ["Speech and language", "Learning difficulties"],
     "audiences": ["Parents and carers", "Children and young people"],
     "category": "Activities", "ages": (3, 11),
     "cost": [{"option": "Per family, per term", "amount": 12,
               "amount_description": "Ask about help with the cost"}],
     "eligibility": None, "apply": "Book a place on the forum's website.", "wait": None,
     "phone": None, "email": "hello@anytown-pcf.example.org.uk"},
    {"key": "wheelchair-skills-days", "name": "Wheelchair skills days", "org": COUNCIL_TEAM,
     "description": "Young wheelchair users practise kerbs, slopes and busy pavements with "
                    "trainers who use wheelchairs themselves.",
     "needs": ["Physical disability"], "audiences": ["Children and young people"],
     "category": "Activities", "ages": (8, 18), "cost": None,
     "eligibility": "Young people who use a manual or powered wheelchair every day.",
     "apply": None, "wait": "Places open each term; there is often a short waiting list.",
     "phone": "01632 960212", "email": None},
    {"key": "emotional-wellbeing-group", "name": "Worry busters group", "org": FORUM,
     "description": "Six weekly sessions for children who worry a lot, with a parallel "
                    "session for their parents on the same evening.",
     "needs": ["Emotional wellbeing"], "audiences": ["Children and young people",
                                                     "Parents and carers"],
     "category": "Support groups", "ages": (7, 11), "cost": [{"option": "Free", "amount": 0}],
     "eligibility": None, "apply": "Ask your child's school to refer you.", "wait": None,
     "phone": None, "email": "hello@anytown-pcf.example.org.uk"},
    {"key": "sensory-story-time", "name": "Sensory story time at the café",
     "org": CAFE_ORG,
     "description": "Stories told with lights, smells, textures and sounds, for children who "
                    "take in the world mainly through their senses.",
     "needs": ["Sensory impairment", "Learning difficulties"],
     "audiences": ["Children and young people"], "category": "Activities", "ages": (0, 8),
     "cost": None, "eligibility": None, "apply": None, "wait": None,
     "phone": None, "email": None},
    {"key": "transition-advice-for-professionals", "name": "Transition advice line for staff",
     "org": COUNCIL_TEAM,
     "description": "Social workers answer questions from school and college staff about "
                    "moving from children's to adults' social care.",
     "needs": ["Learning difficulties", "Physical disability"], "audiences": ["Professionals"],
     "category": "Advice", "ages": (14, 25), "cost": [{"option": "Free", "amount": 0}],
     "eligibility": "Staff in Anytown schools, colleges and health services.",
     "apply": "Phone the line on a weekday morning.", "wait": None,
     "phone": "01632 960213", "email": None},
    {"key": "adhd-parent-workshops", "name": "Understanding ADHD workshops", "org": FORUM,
     "description": "Three evening workshops led by a parent and a specialist nurse: what "
                    "ADHD is, how it can show at home and school, and what helps.",
     "needs": ["ADHD"], "audiences": ["Parents and carers"], "category": "Training",
     "ages": (4, 18), "cost": [{"option": "Free", "amount": 0}], "eligibility": None,
     "apply": "Book a place by email.", "wait": "Workshops run each term and fill quickly.",
     "phone": None, "email": "hello@anytown-pcf.example.org.uk"},
    {"key": "autism-diagnosis-follow-up", "name": "After an autism diagnosis: family sessions",
     "org": COUNCIL_TEAM,
     "description": "Four sessions for families in the months after an autism diagnosis, "
                    "covering communication, sensory differences and planning for change.",
     "needs": ["Autism"], "audiences": ["Parents and carers"], "category": "Training",
     "ages": (2, 18), "cost": None,
     "eligibility": "Families whose child was diagnosed as autistic in the last year.",
     "apply": "The diagnosing clinician refers you, or ask the Disabled Children's Team.",
     "wait": None, "phone": "01632 960214", "email": None},
]


def term(taxonomy: str, name: str, plain: bool) -> JSON:
    ident = f"TERM-{taxonomy[:4].upper()}-{name[:12].upper().replace(' ', '-')}" if plain else \
        uid("term", taxonomy, name)
    return {"id": ident, "name": name, "description": f"{taxonomy}: {name}",
            "taxonomy": taxonomy, "term": name}


def attribute(sid: str, link_type: str, taxonomy: str, name: str, plain: bool, n: int) -> JSON:
    found = term(taxonomy, name, plain)
    return {"id": f"{sid}-ATTR-{n}" if plain else uid("attribute", sid, taxonomy, name),
            "link_id": sid, "link_type": link_type, "taxonomy_term_id": found["id"],
            "taxonomy_term": found}


def service_3(spec: JSON, number: int, plain: bool) -> JSON:
    sid = f"ANY-SVC-{number:04d}" if plain else uid("service", spec["key"])
    org_name = spec["org"]
    description, website, email = ORGANISATIONS_3[org_name]
    org_id = f"ANY-ORG-{list(ORGANISATIONS_3).index(org_name) + 1:02d}" if plain else uid(
        "organisation", org_name)
    organisation = {"id": org_id, "name": org_name, "description": description}
    if website:
        organisation["website"] = website
    if email:
        organisation["email"] = email
    out: JSON = {"id": sid, "organization_id": org_id, "organization": organisation,
                 "name": spec["name"], "description": spec["description"], "status": "active",
                 "assured_date": "2026-05-12", "last_modified": "2026-05-12T09:30:00Z"}
    child = (lambda kind, i: f"{sid}-{kind.upper()}-{i}") if plain else (
        lambda kind, i: uid(kind, sid, str(i)))
    if spec["email"]:
        out["email"] = spec["email"]
    if spec["phone"]:
        out["contacts"] = [{"id": child("contact", 1), "service_id": sid, "name": "Duty desk",
                            "phones": [{"id": child("phone", 1), "number": spec["phone"]}]}]
    if spec["ages"]:
        out["minimum_age"], out["maximum_age"] = spec["ages"]
    if spec["cost"] is not None:
        out["cost_options"] = [{"id": child("cost", i), "service_id": sid, **c}
                               for i, c in enumerate(spec["cost"], 1)]
    for key, field in (("eligibility", "eligibility_description"),
                       ("apply", "application_process"), ("wait", "wait_time")):
        if spec[key]:
            out[field] = spec[key]
    attributes = [attribute(sid, "need", "Supplier SEND needs", name, plain, n)
                  for n, name in enumerate(spec["needs"], 1)]
    attributes += [attribute(sid, "target_audience", "Supplier audiences", name, plain,
                             10 + n) for n, name in enumerate(spec["audiences"], 1)]
    attributes.append(attribute(sid, "category", "Supplier categories",
                                spec["category"], plain, 20))
    out["attributes"] = attributes
    out["schedules"] = [{"id": child("schedule", 1), "service_id": sid, "freq": "WEEKLY",
                         "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00:00",
                         "closes_at": "17:00:00",
                         "description": "Monday to Friday, 9am to 5pm."}]
    out["languages"] = [{"id": child("language", 1), "service_id": sid, "name": "English",
                         "code": "en"}]
    return out


def feed_3(plain: bool) -> JSON:
    services = [service_3(spec, n, plain) for n, spec in enumerate(SERVICES_3, 1)]
    return {"total_items": len(services), "total_pages": 1, "page_number": 1,
            "size": len(services), "first_page": True, "last_page": True, "empty": False,
            "contents": services}


# Original shape -------------------------------------------------------------------------

PLACES = ("Anytown", "Bramley", "Westmoor", "Eastfield", "Riverside", "Northgate",
          "Little Hatton", "Ashby Cross", "Mill End", "Brook Green")
STREETS = ("High Street", "Station Road", "Church Lane", "Mill Road", "Park View", "Wharf Lane",
           "Victoria Road", "Market Square", "School Lane", "Orchard Way")
ORG_NAMES = (
    "Café Connect CIC", "Crèche & Play Anyshire", "Zoë's Place Trust", "Noël Community Kitchen",
    "Les Amis Café Club", "Anyshire Youth Action", "Bramley Village Hall Committee",
    "Westmoor Wheels", "Friends of \"The Den\" Adventure Playground", "Eastfield Family Network",
    "Riverside Men's Shed", "Northgate Boxing Club", "Mill End Community Trust",
    "Anyshire Carers Together", "Little Hatton Scouts & Guides", "Ashby Cross Baptist Church",
    "Anytown Libraries", "Anyshire Citizens Advice", "Brook Green Allotment Society",
    "Open Door Housing Trust", "Anyshire Swimming Club", "Hillcrest Parents' Group",
    "Oakfield Dance School", "Castle Estate Residents' Association", "Anytown Food Bank",
    "Anyshire Deaf Community Group", "Sunflower Nursery School", "Quays Youth Theatre",
    "Anyshire Rural Transport", "Second Chance Bikes", "Anyshire Wildlife Volunteers",
    "Anytown Chess & Games Club", "Brighter Futures Mentoring", "Anyshire Young Carers",
    "Harbour Counselling Service", "Anyshire Employment Hub", "The Music Shed",
    "Westmoor Vale Farm School", "Anytown Tennis Club", "St Mary's Toddler Group",
)
NEEDS_1 = ("Autism", "ADHD", "Learning disability", "Physical disability",
           "Sensory impairment", "Mental health", "Speech, language and communication")
AUDIENCES_1 = ("Parents/Carers", "Children & Young People", "Professionals", "Whole family",
               "Young people")

# Each kind: names, HTML parts, eligibility, ages, deliverable type, category, access.
KINDS: list[JSON] = [
    {"names": ("{place} youth club", "Friday night youth club in {place}",
               "{place} inclusive youth club"),
     "intro": ("A relaxed evening club with games, cooking, music and trips out.",
               "Young people choose what we do each term, from pool and table tennis to film "
               "nights and sports."),
     "heading": "What happens at the club",
     "items": ("A quiet room for anyone who needs a break", "Healthy snacks and a hot drink",
               "Trips out in the school holidays", "Youth workers trained in first aid"),
     "more": ("New members can visit with a parent or carer first.",
              "We keep the numbers small so everyone gets to know each other."),
     "eligibility": "Young people aged 11 to 19, or up to 25 with SEND.", "ages": (11, 25),
     "type": "Information", "category": "Activities", "access": "drop-in"},
    {"names": ("{place} parent support group", "Coffee and chat for parents in {place}"),
     "intro": ("A friendly group for parents and carers to meet, share ideas and get "
               "support.", "Bring the little ones: there are toys and a play mat."),
     "heading": "At each meeting",
     "items": ("Time to talk with other parents", "A guest speaker once a month",
               "Leaflets about local services"),
     "more": ("Everyone is welcome, whatever stage you are at.",
              "You do not need a diagnosis for your child to come along."),
     "eligibility": "Parents and carers who live in Anyshire.", "ages": None,
     "type": "Advice", "category": "Support groups", "access": "drop-in"},
    {"names": ("Holiday activity days in {place}", "{place} holiday club"),
     "intro": ("Fun activity days in the Easter, summer and Christmas holidays.",
               "Each day has sport, crafts and a hot lunch."),
     "heading": "Booking",
     "items": ("Book up to two weeks ahead", "Children on free school meals get free places",
               "Tell us about any support your child needs when you book"),
     "more": ("Staff have training in supporting children with additional needs.",),
     "eligibility": "Children aged 5 to 16.", "ages": (5, 16),
     "type": "Information", "category": "Activities", "access": "appointment"},
    {"names": ("Debt and benefits advice in {place}", "{place} money advice sessions"),
     "intro": ("Free, confidential advice on benefits, debts and household bills.",
               "An adviser can help you fill in forms, including for Disability Living "
               "Allowance."),
     "heading": "Bring with you",
     "items": ("Any letters you have had", "Your bank statements if you can",
               "Details of your income"),
     "more": ("Appointments last up to an hour.",),
     "eligibility": "Anyone who lives or works in Anyshire.", "ages": None,
     "type": "Advice", "category": "Advice and guidance", "access": "appointment"},
    {"names": ("{place} counselling for young people", "Talking therapy in {place}"),
     "intro": ("Counselling for young people who are finding life hard.",
               "You can talk about anything: school, family, friendships or how you feel."),
     "heading": "How it works",
     "items": ("Up to twelve weekly sessions", "In person, by phone or online",
               "What you say stays private unless someone is at risk"),
     "more": ("Parents can ask for advice too.",),
     "eligibility": "Young people aged 11 to 25.", "ages": (11, 25),
     "type": "Counselling", "category": "Health", "access": "referral"},
    {"names": ("{place} stay and play", "Baby and toddler group in {place}"),
     "intro": ("Play, songs and stories for babies and toddlers with their grown-ups.",
               "There is plenty of space for buggies."),
     "heading": "Each session",
     "items": ("Messy play and sensory toys", "Singing time", "Tea and coffee for adults"),
     "more": ("Early years staff can give advice on talking and play.",),
     "eligibility": "Children under five and their parents or carers.", "ages": (0, 4),
     "type": "Information", "category": "Early years", "access": "drop-in"},
    {"names": ("Work experience and job coaching in {place}", "{place} supported internships"),
     "intro": ("One-to-one help to find work experience, training or a first job.",
               "A job coach can come with you to interviews and your first weeks at work."),
     "heading": "We can help with",
     "items": ("Writing a CV", "Practising interviews", "Travel to work",
               "Talking to employers about adjustments"),
     "more": ("We work closely with local colleges.",),
     "eligibility": "Young people aged 16 to 25 who are not in work or education.",
     "ages": (16, 25), "type": "Training", "category": "Employment", "access": "referral"},
    {"names": ("{place} young carers group", "Young carers' evenings in {place}"),
     "intro": ("A break for young people who look after someone at home.",
               "Activities, trips and someone to talk to who understands."),
     "heading": "What we offer",
     "items": ("Monthly group evenings", "Days out in the holidays",
               "Help talking to school about caring"),
     "more": ("A young carers' assessment can be arranged through us.",),
     "eligibility": "Young people aged 8 to 18 who care for a family member.",
     "ages": (8, 18), "type": "Advice", "category": "Support groups", "access": "referral"},
    {"names": ("Community transport from {place}", "{place} dial-a-ride"),
     "intro": ("Door-to-door transport for people who find buses hard to use.",
               "Our minibuses have wheelchair lifts."),
     "heading": "Using the service",
     "items": ("Register once by phone", "Book journeys at least two days ahead",
               "Carers travel free"),
     "more": ("Journeys are within Anyshire only.",),
     "eligibility": "Residents who cannot use public transport easily.", "ages": None,
     "type": "Equipment", "category": "Transport", "access": "appointment"},
    {"names": ("{place} sports for all", "Inclusive multi-sports in {place}"),
     "intro": ("Try a different sport every week, with coaches who adapt every game.",
               "Wheelchair users and walking players play together."),
     "heading": "Sports we play",
     "items": ("Boccia", "Basketball", "New age kurling", "Football"),
     "more": ("Sports wheelchairs are available to borrow.",),
     "eligibility": "Children and young people aged 8 to 25.", "ages": (8, 25),
     "type": "Information", "category": "Activities", "access": "drop-in"},
]


class Original:
    """Builds the original-shape feed from a seeded generator."""

    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.orgs = [self.organisation(name, i) for i, name in enumerate(ORG_NAMES)]
        self.no_contact = set(self.rng.sample(range(10, ORIGINAL_COUNT), NO_CONTACT_COUNT - 1))
        self.no_contact.discard(BROKEN_POSITION - 1)
        self.counter = 700000

    def child(self) -> str:
        """A child record's id: a short number, as many live feeds use."""
        self.counter += 1
        return str(self.counter)

    def organisation(self, name: str, i: int) -> JSON:
        slug = "".join(c for c in name.lower() if c.isascii() and (c.isalnum() or c == " "))
        slug = "-".join(slug.split())
        out = {"id": uid("original-org", name), "name": name,
               "description": f"<p>{name} is a local group working with families across "
                              "Anyshire.</p>", "logo": "", "uri": ""}
        if i % 5 != 4:
            out["email"] = f"info@{slug}.example.org.uk"
            out["url"] = f"https://{slug}.example.org.uk/"
        return out

    def html(self, kind: JSON, place: str) -> str:
        rng = self.rng
        parts = [f"<p>{kind['intro'][0]}&nbsp;{kind['intro'][1]}</p>"]
        if rng.random() < 0.6:
            parts.append("<p><br></p>")
        parts.append(f"<h4>{kind['heading']}</h4>")
        items = rng.sample(kind["items"], k=min(len(kind["items"]), rng.randint(2, 4)))
        parts.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
        parts += [f"<p>{line}</p>" for line in kind["more"]]
        parts.append(f"<p>We meet at the community centre in {place}.&nbsp;</p>")
        if rng.random() < 0.3:
            parts.append("<p>&nbsp;</p>")
        return "".join(parts)

    def record(self, n: int) -> JSON:
        rng = self.rng
        kind = KINDS[n % len(KINDS)]
        place = PLACES[rng.randrange(len(PLACES))]
        name = rng.choice(kind["names"]).format(place=place)
        name = name[0].upper() + name[1:]
        sid = f"ANY-SVC-{1000 + n + 1}" if n % 7 else str(48000 + n)  # some plain numbers
        org = self.orgs[rng.randrange(len(self.orgs))]
        out: JSON = {"id": sid, "name": name, "description": self.html(kind, place),
                     "status": "active", "accreditations": "", "deliverable_type": kind["type"],
                     "attending_type": rng.choice(("venue", "phone", "online", "venue")),
                     "assured_date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                     "organization": org, "fundings": [], "holiday_schedules": [],
                     "pc_targetAudience": rng.choice(AUDIENCES_1)}
        if n % 10 == 0:
            out["pc_metadata"] = {"lastUpdatedBy": "directory-import", "recordType": "service"}
        if rng.random() < 0.8:
            out["attending_access"] = kind["access"]
        if n not in self.no_contact:
            self.contact(out, name, sid)
        if rng.random() < 0.7:
            self.cost(out, sid)
        self.eligibility(out, kind, sid)
        out["languages"] = [{"id": self.child(), "language": "English"}]
        out["regular_schedules"] = self.schedules(sid)
        out["service_areas"] = [{"id": self.child(), "service_area": place, "extent": None,
                                 "uri": ""}]
        out["service_at_locations"] = [self.location(sid, place)]
        out["service_taxonomys"] = self.taxonomys(kind, sid)
        if rng.random() < 0.2:
            out["pc_attendingAccess_additionalInfo"] = "Please ring before your first visit."
        return out

    def contact(self, out: JSON, name: str, sid: str) -> None:
        rng = self.rng
        slug = "-".join("".join(c for c in name.lower() if c.isascii() and (
            c.isalnum() or c == " ")).split())
        if rng.random() < 0.7:
            local = slug if len(slug) <= 24 else slug[:24].rsplit("-", 1)[0]
            out["email"] = f"{local}@anyshire-services.example.org.uk"
        if rng.random() < 0.6:
            out["url"] = f"https://anyshire-services.example.org.uk/{slug}"
        number = f"01632 96{rng.randint(0, 9999):04d}"
        out["contacts"] = [{"id": self.child(), "name": rng.choice(
            ("Bookings", "Reception", "Group leader", "Duty worker")), "title": "",
            "phones": [{"id": self.child(), "number": number, "language": ""}]}]

    def cost(self, out: JSON, sid: str) -> None:
        rng = self.rng
        if rng.random() < 0.5:
            out["cost_options"] = [{"id": self.child(), "option": "Free", "amount": 0,
                                    "amount_description": "", "valid_from": None,
                                    "valid_to": None}]
            out["fees"] = "Free"
        else:
            amount = rng.choice((1.5, 2, 3, 4.5, 5))
            out["cost_options"] = [{"id": self.child(), "option": "Per session",
                                    "amount": amount,
                                    "amount_description": "Ask about help with costs",
                                    "valid_from": None, "valid_to": None}]
            out["fees"] = f"£{amount:.2f} per session"

    def eligibility(self, out: JSON, kind: JSON, sid: str) -> None:
        if self.rng.random() < 0.25:
            return
        found: JSON = {"id": self.child(), "eligibility": kind["eligibility"]}
        if kind["ages"]:
            found["minimum_age"], found["maximum_age"] = kind["ages"]
        out["eligibilitys"] = [found]

    def schedules(self, sid: str) -> list[JSON]:
        rng = self.rng
        day, label = rng.choice((("MO", "Monday"), ("TU", "Tuesday"), ("WE", "Wednesday"),
                                 ("TH", "Thursday"), ("FR", "Friday"), ("SA", "Saturday")))
        start = rng.choice((9, 10, 13, 16, 18))
        return [{"id": self.child(), "opens_at": f"{start:02d}:00",
                 "closes_at": f"{start + 2:02d}:00", "byday": day, "freq": "WEEKLY",
                 "interval": 1, "dtstart": "", "valid_from": "", "valid_to": "",
                 "description": f"Every {label}, {_clock(start)} to {_clock(start + 2)}."}]

    def location(self, sid: str, place: str) -> JSON:
        rng = self.rng
        address = {"id": self.child(),
                   "address_1": f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                   "city": place, "state_province": "Anyshire",
                   "postal_code": f"AN{rng.randint(1, 9)} {rng.randint(1, 9)}"
                                  f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
                                  f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}", "country": "GB"}
        location = {"id": self.child(), "name": f"{place} Community Centre",
                    "description": "", "latitude": round(52 + rng.random() / 10, 5),
                    "longitude": round(-1.5 + rng.random() / 10, 5),
                    "physical_addresses": [address]}
        if rng.random() < 0.5:
            location["accessibility_for_disabilities"] = [{
                "id": self.child(),
                "accessibility": rng.choice(("Step-free entrance and an accessible toilet.",
                                             "Ramp at the side door; hearing loop in the hall.",
                                             "Upstairs room with a lift."))}]
        return {"id": self.child(), "location": location}

    def taxonomys(self, kind: JSON, sid: str) -> list[JSON]:
        rng = self.rng
        found = [{"id": self.child(), "taxonomy": {
            "id": uid("taxonomy", "category", kind["category"]), "name": kind["category"],
            "vocabulary": "Service Categories", "parent": None}}]
        if rng.random() < 0.6:
            for name in rng.sample(NEEDS_1, k=rng.randint(1, 3)):
                found.append({"id": self.child(), "taxonomy": {
                    "id": uid("taxonomy", "send", name), "name": name,
                    "vocabulary": "SEND Needs", "parent": None}})
        return found

    def chosen(self) -> dict[int, JSON]:
        """The records the tests name, in fixed positions, written out by hand."""
        housing_org = next(o for o in self.orgs if o["name"] == "Open Door Housing Trust")
        cafe_org = next(o for o in self.orgs if o["name"] == "Café Connect CIC")
        allotment_org = next(o for o in self.orgs
                             if o["name"] == "Brook Green Allotment Society")
        swim_org = next(o for o in self.orgs if o["name"] == "Anyshire Swimming Club")
        place = {"id": self.child(), "location": {
            "id": self.child(), "name": "Eastfield Leisure Centre",
            "physical_addresses": [{"id": self.child(),
                                    "address_1": "2 Brook Green Road", "city": "Eastfield",
                                    "state_province": "Anyshire", "postal_code": "AN4 2BG",
                                    "country": "GB"}]}}
        return {
            1: {"id": HOUSING_ID, "name": "Open Door youth housing advice",
                "description": "<p>Advice and a safe place to talk for young people who are "
                               "homeless or worried about losing their home.&nbsp;We can help "
                               "you find somewhere to stay tonight.</p><p><br></p>",
                "status": "active", "organization": housing_org,
                "email": "advice@opendoor-housing.example.org.uk",
                "eligibilitys": [{"id": self.child(),
                                  "eligibility": "Young people aged 16 to 25 who are homeless "
                                                 "or at risk of losing their home.",
                                  "minimum_age": 16, "maximum_age": 25}],
                "service_taxonomys": [{"id": self.child(), "taxonomy": {
                    "id": uid("taxonomy", "category", "Housing"), "name": "Housing",
                    "vocabulary": "Service Categories", "parent": None}}],
                "pc_targetAudience": "Young people", "assured_date": "2025-11-03"},
            2: {"id": CAFE_ID, "name": "Café Connect stay and play",
                "description": "<h4>About the group</h4><p>A stay and play for families "
                               "whose little ones are slow to start talking.&nbsp;A speech "
                               "and language therapy assistant joins every session.</p>"
                               "<p><br></p><h4>What to expect</h4><ul><li>Songs with "
                               "signs</li><li>Play with sand, water and bubbles</li><li>Tips "
                               "to try at home</li></ul><p>&nbsp;</p>",
                "status": "active", "organization": cafe_org, "attending_access": "drop-in",
                "cost_options": [{"id": self.child(),
                                  "option": "Per family, per session", "amount": 2.5,
                                  "amount_description": "Tea, coffee and toast included"}],
                "contacts": [{"id": self.child(), "name": "Bookings",
                              "phones": [{"id": self.child(),
                                          "number": "01632 960871"}]}],
                "pc_attendingAccess_additionalInfo": "Use the side door by the car park.",
                "eligibilitys": [{"id": self.child(),
                                  "eligibility": "Children under four and their parents or "
                                                 "carers.", "minimum_age": 0,
                                  "maximum_age": 3}],
                "service_taxonomys": [{"id": self.child(), "taxonomy": {
                    "id": uid("taxonomy", "send", "Speech, language and communication"),
                    "name": "Speech, language and communication", "vocabulary": "SEND Needs",
                    "parent": None}}],
                "pc_targetAudience": "Parents/Carers", "assured_date": "2025-10-14"},
            3: {"id": NO_CONTACT_ID, "name": "Brook Green allotment gardening club",
                "description": "<p>Grow vegetables and flowers with other families on "
                               "Saturday mornings.</p>",
                "status": "active", "organization": allotment_org,
                "assured_date": "2025-06-21"},
            4: {"id": SWIM_ID, "name": "Sensory swim sessions",
                "description": "<p>Quiet swimming sessions with the lights dimmed and the "
                               "music off.</p><ul><li>Small groups</li><li>Changing Places "
                               "toilet</li></ul>",
                "status": "active", "organization": swim_org, "attending_access": "referral",
                "cost_options": [{"id": self.child(), "option": "Free",
                                  "amount": 0}],
                "url": "https://anyshire-swimming.example.org.uk/sensory-swim",
                "eligibilitys": [{"id": self.child(),
                                  "eligibility": "Ask the school nurse or your child's "
                                                 "physiotherapist to refer you.",
                                  "minimum_age": 5, "maximum_age": 18}],
                "service_at_locations": [place],
                "service_taxonomys": [{"id": self.child(), "taxonomy": {
                    "id": uid("taxonomy", "send", n), "name": n, "vocabulary": "SEND Needs",
                    "parent": None}} for n in ("Autism", "Sensory impairment")],
                "assured_date": "2025-09-30"},
            BROKEN_POSITION: {"id": BROKEN_ID, "name": "", "description": "",
                              "status": "active", "organization": swim_org},
        }

    def feed(self) -> JSON:
        chosen = self.chosen()
        content = [chosen.get(n + 1) or self.record(n) for n in range(ORIGINAL_COUNT)]
        return {"totalElements": len(content), "totalPages": 1, "number": 0,
                "size": len(content), "first": True, "last": True, "content": content}


def _clock(hour: int) -> str:
    return f"{hour % 12 or 12}{'am' if hour < 12 else 'pm'}"


def write(name: str, data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    (HERE / name).write_text(text + "\n", encoding="utf-8")


def main() -> None:
    write("oruk3-uuid-ids.json", feed_3(plain=False))
    write("oruk3-plain-ids.json", feed_3(plain=True))
    write("oruk-original-shape.json", Original().feed())


if __name__ == "__main__":
    main()
