"""Words for synthetic Local Offer services: names, descriptions, venues and people.

Lists are ordered roughly from common to rare; `generate_services.zipf` picks from them with
Zipf-like weights, so a few words ("support", "holiday", "autism") are everywhere and a long
tail (people's names, venues, rare activities) appears in a handful of services, as in a real
directory.
"""

from __future__ import annotations

# Neighbourhoods, towns and postcode districts of the example's places (local-offer/taxonomy.yml).
# A place id missing here falls back to its title.
PLACES: dict[str, tuple[list[str], str, str]] = {
    "anytown-central": (["Anytown", "Market Street", "Old Town", "Town Centre"], "Anytown", "AN1"),
    "riverside": (["Riverside", "Mill End", "The Quays"], "Anytown", "AN2"),
    "north-anytown": (["Hillcrest", "Northgate", "Oakfield"], "Anytown", "AN3"),
    "east-anytown": (["Eastfield", "Brook Green", "Castle"], "Anytown", "AN4"),
    "bramley": (["Bramley", "Little Hatton", "Ashby Cross"], "Bramley", "AN5"),
    "westmoor": (["Westmoor", "Westmoor Vale"], "Westmoor", "AN6"),
}
COUNTY = "Anyshire"

# What a service is called, by service type (the example's type ids).
ACTIVITIES: dict[str, list[str]] = {
    "short-breaks": ["Holiday Play Scheme", "Saturday Club", "Short Breaks Club",
                     "After-school Club", "Overnight Short Breaks", "Sleepover Weekends",
                     "Youth Short Breaks", "Sitting Service", "Family Fun Days", "Day Trips",
                     "Holiday Club", "Teen Breaks"],
    "leisure-and-activities": ["Swimming Sessions", "Holiday Club", "Youth Club", "Drama Group",
                               "Trampoline Club", "Adventure Playground", "Cycling Club",
                               "Football Club", "Dance Group", "Music Group", "Art Club",
                               "Forest School", "Climbing Club", "Sensory Play Sessions",
                               "Relaxed Cinema", "Gym Sessions", "Gardening Club",
                               "Horse Riding", "Boccia Club", "Cookery Club"],
    "health": ["Speech and Language Therapy", "Occupational Therapy Clinic", "Physiotherapy",
               "Sleep Clinic", "Continence Service", "Community Nursing", "Wellbeing Service",
               "Counselling Service", "Hearing Clinic", "Eye Clinic", "Feeding Clinic",
               "Mental Health Team", "Therapy Drop-in", "Wheelchair Service"],
    "social-care": ["Family Support", "Carers Assessment", "Key Worker Service",
                    "Parenting Support", "Early Help Team", "Home Support", "Personal Budgets"],
    "education": ["Nursery", "Learning Support", "Reading Support", "Tuition Service",
                  "Inclusion Team", "Nurture Group", "Homework Club", "Portage Service"],
    "preparing-for-adulthood": ["Supported Internships", "Independent Living Skills",
                                "Work Experience", "Transition Service", "Life Skills Course",
                                "Young Adults Group", "Job Club", "Money Skills Course"],
    "information-advice-and-support": ["Parent Drop-in", "Advice Line", "Support Group",
                                       "Parent Programme", "Information Sessions",
                                       "Peer Support Group", "Coffee Morning", "Helpline"],
    "travel": ["Travel Training", "School Transport", "Travel Buddies", "Bus Pass Scheme",
               "Journey Planning", "Passenger Assistants"],
    "family-hubs": ["Family Hub", "Baby Group", "Stay and Play", "Parenting Course",
                    "Family Drop-in", "Toddler Group"],
    "specialist-outreach": ["Outreach Team", "Specialist Teaching Service",
                            "Educational Psychology Service", "Sensory Support Service",
                            "Advisory Service"],
    "inclusion-bases": ["Resource Base", "Speech and Language Base", "Enhanced Provision",
                        "Learning Base"],
    "alternative-provision": ["Tuition Centre", "Hospital Education Service",
                              "Alternative Learning Programme", "Outdoor Learning Programme",
                              "Home Tuition"],
    "disagreement-resolution": ["Mediation Service", "Disagreement Resolution Service",
                                "Tribunal Support", "Independent Advice"],
}

# Words a name uses for a need (the example's need ids), and how a sentence names the need.
NEED_WORDS: dict[str, tuple[list[str], str]] = {
    "autism": (["Autism", "Neurodivergent", "Autistic"], "autism"),
    "speech-language-and-communication": (["Speech and Language", "Talking", "Communication",
                                           "Signing"], "speech, language and communication needs"),
    "moderate-learning-difficulties": (["Learning Support", "Inclusive"],
                                       "learning difficulties"),
    "specific-learning-difficulties": (["Dyslexia", "Dyspraxia", "Reading"],
                                       "dyslexia or dyspraxia"),
    "severe-and-complex-learning-difficulties": (["Complex Needs", "PMLD", "Sensory"],
                                                 "severe and complex learning difficulties"),
    "anxiety-and-low-mood": (["Wellbeing", "Anxiety", "Calm"], "anxiety or low mood"),
    "attention-and-impulsivity": (["ADHD", "Focus"], "ADHD"),
    "relationships-and-regulation": (["Nurture", "Emotional Wellbeing", "Friendship"],
                                     "social and emotional needs"),
    "hearing": (["Deaf Children's", "Hearing", "BSL"], "hearing loss"),
    "vision": (["Vision", "Visual Impairment", "Sight Loss"], "sight loss"),
    "multi-sensory-impairment": (["Deafblind", "Multi-sensory"], "multi-sensory impairment"),
    "physical-and-motor": (["Wheelchair", "Physical Disability", "Disability"],
                           "physical disabilities"),
    "medical-conditions": (["Medical Needs", "Epilepsy", "Diabetes"], "medical conditions"),
}

AUDIENCE_WORDS: dict[str, list[str]] = {
    "families": ["Parent", "Family", "Parent Carer", "Dads'", "Mums'"],
    "children-and-young-people": ["Youth", "Teen", "Children's", "Young People's", "Junior"],
    "practitioners": ["SENCO", "Practitioner", "Schools", "Early Years"],
}

WHO = {
    "families": "families of children",
    "children-and-young-people": "children and young people",
    "practitioners": "staff who support children",
}

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TIMES = ["9am to noon", "9.30am to 11am", "10am to 3pm", "1pm to 3pm", "3.30pm to 5pm",
         "4pm to 6pm", "6pm to 8pm", "10am to 4pm", "9am to 3pm", "11am to 1pm"]
WHEN = ["in school term time", "all year round", "every week", "on weekdays", "once a month",
        "every other week", "in the school holidays", "at Easter and in the summer"]

STAFF = ["play workers", "therapists", "speech and language therapists", "youth workers",
         "support workers", "nurses", "family support workers", "specialist teachers",
         "occupational therapists", "coaches", "volunteers", "key workers", "advisers",
         "educational psychologists", "physiotherapists", "counsellors", "peer supporters",
         "instructors", "community nursery nurses", "Portage home visitors"]

VENUE_KINDS = ["Community Centre", "Leisure Centre", "Family Hub", "Primary School", "Library",
               "Youth Centre", "Church Hall", "Village Hall", "Health Centre", "Academy",
               "Sports Centre", "Children's Centre", "College", "Pool", "Park Pavilion",
               "Scout Hut", "Arts Centre", "Farm", "Clinic", "Adventure Playground"]

STREETS = ["Mill Lane", "High Street", "Church Road", "Station Road", "Park Avenue",
           "London Road", "Victoria Street", "Queens Road", "School Lane", "Green Lane",
           "Manor Road", "Kings Road", "The Crescent", "Orchard Way", "Meadow Close",
           "Brook Street", "Castle Hill", "Chapel Lane", "Westgate", "North Street",
           "Riverside Walk", "Oak Avenue", "Willow Drive", "Elm Grove", "Ashby Road"]

# Things services help with or do: the long middle of the vocabulary.
TOPICS = [
    "communication", "friendships", "play", "sleep", "behaviour", "routines", "confidence",
    "independence", "transitions", "toileting", "eating", "anxiety", "sensory needs",
    "speech", "listening", "attention", "emotions", "social skills", "self-care", "movement",
    "handwriting", "reading", "writing", "numbers", "memory", "organisation", "dressing",
    "feeding", "coordination", "balance", "strength", "posture", "mobility", "swallowing",
    "language", "signing", "Makaton", "PECS", "visual timetables", "now and next boards",
    "sensory processing", "regulation", "meltdowns", "shutdowns", "masking", "bullying",
    "school refusal", "attendance", "exclusions", "homework", "exams", "puberty",
    "relationships", "online safety", "money", "cooking", "shopping", "travel", "buses",
    "trains", "journeys", "work", "volunteering", "college", "apprenticeships", "housing",
    "benefits", "Disability Living Allowance", "blue badges", "carers' breaks",
    "sibling support", "grandparents", "fathers", "respite", "wellbeing", "stress", "grief",
    "epilepsy", "diabetes", "asthma", "allergies", "tube feeding", "medication",
    "equipment", "wheelchairs", "hoists", "communication aids", "hearing aids",
    "cochlear implants", "glasses", "braille", "large print", "audio books", "tablets",
    "apps", "games", "music", "singing", "drumming", "dance", "drama", "art", "crafts",
    "baking", "gardening", "nature", "animals", "horses", "swimming", "water play",
    "trampolining", "climbing", "cycling", "football", "basketball", "boccia", "tennis",
    "athletics", "yoga", "mindfulness", "relaxation", "massage", "messy play",
    "sensory play", "outdoor play", "soft play", "sensory rooms", "quiet spaces",
    "day trips", "camping", "residential weekends", "film nights", "discos", "bowling",
    "parties", "festivals", "Christmas", "Eid", "Diwali", "half term", "holiday", "summer",
    "short breaks", "direct payments", "personal budgets", "EHC plans", "annual reviews",
    "SEN support", "assessments", "diagnosis", "referrals", "waiting lists", "appeals",
    "tribunals", "mediation", "complaints", "letters", "forms", "meetings",
]

# Extra, rarer words that turn up in a few descriptions each.
RARE = [
    "kayaking", "archery", "pottery", "photography", "filmmaking", "podcasting", "robotics",
    "coding", "chess", "origami", "woodwork", "bushcraft", "orienteering", "sailing",
    "canoeing", "paddleboarding", "skateboarding", "roller skating", "ice skating", "judo",
    "karate", "fencing", "golf", "snooker", "darts", "rounders", "cricket", "netball",
    "hockey", "rugby", "wheelchair basketball", "goalball", "hydrotherapy", "rebound therapy",
    "music therapy", "art therapy", "play therapy", "drama therapy", "lego therapy",
    "sensory integration", "hippotherapy", "aquatherapy", "hearing dogs", "guide dogs",
    "assistance dogs", "therapy dogs", "alpacas", "guinea pigs", "chickens", "beekeeping",
    "allotments", "foraging", "stargazing", "geocaching", "magic", "puppetry", "circus skills",
    "juggling", "beatboxing", "DJ skills", "ukulele", "steel pans", "samba", "choir",
    "signing choir", "karaoke", "poetry", "storytelling", "comics", "anime", "board games",
    "video games", "esports", "Minecraft", "model railways", "bird watching", "fishing",
    "rock pooling", "beach trips", "zoo visits", "museum visits", "theatre trips",
    "pantomime", "panto", "relaxed performances", "sensory stories", "tac pac",
    "intensive interaction", "attention autism", "bucket time", "colourful semantics",
    "social stories", "comic strip conversations", "zones of regulation", "emotion coaching",
    "theraplay", "video interaction guidance", "lamh", "BSL classes", "lipreading",
    "tinnitus", "glue ear", "grommets", "squints", "patching", "cerebral palsy",
    "muscular dystrophy", "spina bifida", "Down syndrome", "Fragile X", "Tourette syndrome",
    "tics", "selective mutism", "stammering", "cleft palate", "dysphagia", "PDA",
    "hypermobility", "sensory overload", "toilet training", "night waking", "melatonin",
    "weighted blankets", "ear defenders", "fidget toys", "chewies", "wobble cushions",
]

STEMS = ["bram", "ash", "oak", "hol", "wick", "thorn", "brook", "mill", "stan", "hal",
         "ford", "wood", "field", "ley", "ton", "ham", "by", "well", "croft", "more", "dale",
         "wen", "pen", "tre", "cot", "hurst", "stow", "wick", "bury", "marsh", "ridge", "shaw",
         "den", "low", "wyn", "gar", "rad", "kel", "mor", "ben", "lin", "sel", "ver", "cal"]

FIRST_NAMES = ["Sarah", "James", "Amina", "Tom", "Priya", "Gareth", "Chloe", "Mohammed",
               "Helen", "Kwame", "Joanna", "Daniel", "Fatima", "Rhys", "Olga", "Liam", "Grace",
               "Tariq", "Megan", "Piotr", "Ruth", "Sanjay", "Leah", "Marcus", "Niamh", "Imran",
               "Katie", "Dev", "Zara", "Owen", "Beth", "Ibrahim", "Ellie", "Kofi", "Hannah"]

SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
            "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts",
            "Green", "Hall", "Khan", "Wood", "Jackson", "Clarke", "Hughes", "Lewis", "Ahmed",
            "Edwards", "Hill", "Moore", "Clark", "Harrison", "Scott", "Young", "Morris", "Hussain",
            "Kowalski", "Nowak", "Okafor", "Mensah", "Begum", "Ali", "O'Brien", "Murphy"]

LANGUAGES = ["Polish", "Urdu", "Punjabi", "Bengali", "Arabic", "Romanian", "Portuguese",
             "Somali", "Gujarati", "Lithuanian", "Tigrinya", "Ukrainian", "Makaton",
             "British Sign Language", "Welsh", "Turkish", "Pashto", "Farsi", "Tamil"]

OPENINGS = [
    "{name} is a {kind} for {who} with {need} in {locality}.",
    "We run {activity} for {who} with {need}, {when}.",
    "{name} offers {activity} for {who} who need a little more help.",
    "A friendly {kind} in {locality} for {who}, especially those with {need}.",
    "Our {kind} gives {who} with {need} the chance to try {topic} and {topic}.",
    "{name} helps {who} with {need} and the families who care for them.",
]

SENTENCES = [
    "Sessions are small, so everyone gets the time and attention they need.",
    "We use pictures and give a warning before every change.",
    "There is a quiet room for anyone who needs time away from the noise.",
    "Brothers and sisters are welcome to come along too.",
    "Parents can stay for the first few visits until their child feels settled.",
    "We also help with {topic}, {topic} and {topic}.",
    "Each week includes {topic}, {topic} and time outside in the fresh air.",
    "Activities include {topic}, {topic}, {rare} and {topic}.",
    "Our {staff} work closely with schools, health visitors and social workers.",
    "Sessions run {days}, {time}, {when}.",
    "Sessions take place at {venue} in {locality}.",
    "A {staff_one} will ring you before the first visit to talk about what helps.",
    "Every group ends with a calm activity, such as {topic} or a story.",
    "We work in partnership with {org} and other local groups.",
    "Young people choose what they want to do, from {topic} to {rare}.",
    "Groups are led by {person} and a team of {staff}.",
    "Places are limited, so please get in touch early.",
    "We send a short note home after each visit so you know how it went.",
    "You do not need a diagnosis, and there is no waiting list at the moment.",
    "Our {staff} have training in {topic}, {topic} and positive behaviour support.",
    "Children can try {rare} and {topic} with staff who adapt every activity.",
    "The building is step-free, with an accessible toilet and parking nearby.",
    "Everyone has a one-page profile, written with the family, so staff know what helps.",
    "Families tell us this is the one place their child can simply be themselves.",
    "We can arrange an interpreter for families who prefer another language, including BSL.",
    "If your child has an EHC plan, we can share what works with their school, with your consent.",
    "Older children can join our {topic} group and plan their own trips.",
    "We follow the SEND Code of Practice and the Anytown Ordinarily Available Provision guide.",
    "Therapists visit once a term to give advice on {topic} and {topic}.",
    "We are a small charity founded by parents of disabled children in {locality}.",
    "Staff are trained in first aid, epilepsy care, moving and handling and tube feeding.",
    "We also run a support group for parents and carers on the first {day} of every month.",
    "Young people aged 16 and over can volunteer with us and gain a qualification.",
    "Our sensory room has soft lights, music and bubble tubes.",
    "Lunch and snacks are provided, and we can meet most dietary and feeding needs.",
    "Transport can be arranged for children who cannot travel by car or bus.",
    "In the summer we run a week of {rare}, {topic} and {topic} at {venue}.",
    "The holiday programme runs {when}, with trips to the park, the beach and the swimming pool.",
    "Many families use a short breaks direct payment or the activity grant to pay for places.",
    "We can help you plan the journey and meet you at the door on the first day.",
    "Speech therapy and occupational therapy advice is built into the day.",
    "Our {staff} have training in autism, speech and language needs and sensory processing.",
    "We offer one-to-one support where a child needs it, funded through short breaks.",
    "Places in the school holidays fill quickly, so book as soon as the dates are published.",
    "Swimming sessions use the small warm pool, with a hoist and a changing bench.",
    "The service is part of the Anytown SEND Local Offer and is reviewed every year.",
]

CLOSINGS = [
    "For more information, ask for {person} at {venue}.",
    "{person} and {person} coordinate the sessions at {venue}.",
    "Ring {person} on the number below to arrange a visit to {venue}.",
    "We are grateful to the {pseudo} Trust and the {pseudo} Foundation for funding.",
    "Ask for {person}, our {staff_one}, if you would like to visit first.",
]

HOW = [
    "Ring us or fill in the short form on our website. We will call you back within a week.",
    "Ask your child's school, health visitor, GP or social worker to refer you.",
    "Book a place online or at reception. Tell us about your child when you book.",
    "Email us with your child's name, age and what you would like help with.",
    "Referrals come from a paediatrician, a speech and language therapist or the school SENCO.",
    "Drop in during opening hours; there is no need to book.",
    "Ask the Children with Disabilities Team for a short breaks assessment first.",
]

WAITING = ["No waiting list at the moment.", "Usually two to four weeks.",
           "About three months for a first appointment.", "Places are offered termly.",
           "Up to 18 weeks from referral."]

ELIGIBILITY = [
    "For children and young people who live in Anytown or go to school here.",
    "For children with an EHC plan or on SEN support at school.",
    "Children need a short breaks plan from the Children with Disabilities Team.",
    "For families registered with an Anytown GP.",
]

ACCESSIBILITY = [
    "Step-free entrance and accessible toilet. Free parking at the front.",
    "Lift to all floors, Changing Places toilet with a hoist, and a quiet room.",
    "Ground floor only, wide doors, hearing loop at reception.",
    "Level access from the car park; blue badge spaces by the door; dimmable lights.",
]

COST_OPTIONS = ["Per session", "Per day", "Per week", "Per term", "Course of six sessions",
                "Annual membership", "Half day"]

KEYWORDS = ["holiday club", "play scheme", "short breaks", "respite", "speech therapy", "SALT",
            "OT", "physio", "ADHD", "ASD", "autism", "SEMH", "EHCP", "SENCO", "youth club",
            "swimming", "sensory", "day trips", "after school", "weekend", "summer",
            "transition", "travel", "bus", "college", "work", "training", "parents",
            "carers", "siblings", "drop-in", "helpline", "BSL", "deaf", "blind", "wheelchair"]
