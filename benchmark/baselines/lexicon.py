"""Small generic lexicons shared by the rule-based parts of the baselines.

Written by hand for news text of any subject, by a developer who had read the three
articles of the benchmark and their gold; nothing was extracted from them by a program, and
no person, organisation or place name of theirs appears outside the world gazetteer. A
review (issue 7) removed the entries that fit these articles rather than news in general;
the baselines README lists them, and the domain vocabulary that was kept. The lists are
deliberately short: a baseline should show what simple, documented means achieve.

* ``COUNTRIES``: the sovereign states (UN members and observers) with common short forms
  and abbreviations; ``DEMONYMS``: adjective/noun forms of the more frequent ones;
  ``REGIONS``: continents and world regions (LOC).
* ``TITLES``: capitalised titles before a name; ``ROLE_NOUNS``: lowercase role nouns in
  "<org> correspondent <Name>"; ``HONORIFICS``.
* ``ORG_WORDS``, ``FAC_WORDS``, ``LOC_WORDS``: last words of names of each type;
  ``NON_ENTITY_WORDS``: last words of names of things outside the seven types (treaties, laws).
* ``NOUN_TYPES``: common nouns (lemma) that head nominal mentions, with their entity type.
* ``TRIGGERS``: generic verbs and nouns per event type of the schema (lemmas).
* ``PRONOUNS``, ``FUNCTION_WORDS``, ``REPORTING_VERBS``, number words.

Where the knowledge comes from (issue 13). General resources: the gazetteer (the sovereign
states of the UN list, their common short forms, world regions, demonyms of the states),
English function words, pronouns, calendar and number words, reporting verbs, name endings and
titles of any news text, and the event inventory's own descriptions (``schema.yaml``).
:data:`ARTICLE_DERIVED` lists the entries that exist because of the three articles: domain
vocabulary that occurs in them and that a short generic list would not hold, or holds in another
sense ("seal" an agreement, "give" as a transfer); the baselines README names them too.
``rules`` uses everything, as a reference written with sight of the test articles;
``rules-general`` and ``spacy`` run inside :func:`general_knowledge`, without them.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator

__all__ = [
    "COUNTRIES", "COUNTRY_ALIASES", "DEMONYMS", "REGIONS", "TITLES", "ROLE_NOUNS", "HONORIFICS",
    "ORG_WORDS", "FAC_WORDS", "LOC_WORDS", "NON_ENTITY_WORDS", "NOUN_TYPES", "TRIGGERS",
    "PRONOUNS", "FUNCTION_WORDS", "REPORTING_VERBS", "VERB_FORMS", "slug", "inflections",
    "ARTICLE_DERIVED", "general_knowledge",
]

_COUNTRY_NAMES = """
Afghanistan|Albania|Algeria|Andorra|Angola|Antigua and Barbuda|Argentina|Armenia|Australia|Austria|
Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|
Bosnia and Herzegovina|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|Cabo Verde|Cambodia|
Cameroon|Canada|Central African Republic|Chad|Chile|China|Colombia|Comoros|Congo|Costa Rica|
Croatia|Cuba|Cyprus|Czechia|Denmark|Djibouti|Dominica|Dominican Republic|Ecuador|Egypt|
El Salvador|Equatorial Guinea|Eritrea|Estonia|Eswatini|Ethiopia|Fiji|Finland|France|Gabon|Gambia|
Georgia|Germany|Ghana|Greece|Grenada|Guatemala|Guinea|Guinea-Bissau|Guyana|Haiti|Honduras|
Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|
Kazakhstan|Kenya|Kiribati|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|
Liechtenstein|Lithuania|Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|
Marshall Islands|Mauritania|Mauritius|Mexico|Micronesia|Moldova|Monaco|Mongolia|Montenegro|
Morocco|Mozambique|Myanmar|Namibia|Nauru|Nepal|Netherlands|New Zealand|Nicaragua|Niger|Nigeria|
North Korea|North Macedonia|Norway|Oman|Pakistan|Palau|Palestine|Panama|Papua New Guinea|
Paraguay|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|Saint Lucia|Samoa|
San Marino|Saudi Arabia|Senegal|Serbia|Seychelles|Sierra Leone|Singapore|Slovakia|Slovenia|
Solomon Islands|Somalia|South Africa|South Korea|South Sudan|Spain|Sri Lanka|Sudan|Suriname|
Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Timor-Leste|Togo|Tonga|
Trinidad and Tobago|Tunisia|Turkey|Turkmenistan|Tuvalu|Uganda|Ukraine|United Arab Emirates|
United Kingdom|United States|Uruguay|Uzbekistan|Vanuatu|Vatican|Venezuela|Vietnam|Yemen|
Zambia|Zimbabwe
"""
COUNTRIES: frozenset[str] = frozenset(n.strip() for n in _COUNTRY_NAMES.replace("\n", "").split("|"))

# Common short forms and abbreviations -> canonical country name.
COUNTRY_ALIASES: dict[str, str] = {
    "US": "United States", "U.S.": "United States", "USA": "United States", "U.S.A.": "United States",
    "America": "United States", "United States of America": "United States",
    "UK": "United Kingdom", "U.K.": "United Kingdom", "Britain": "United Kingdom",
    "Great Britain": "United Kingdom", "Holland": "Netherlands", "Burma": "Myanmar",
    "Czech Republic": "Czechia", "Russian Federation": "Russia", "Cape Verde": "Cabo Verde",
    "Swaziland": "Eswatini", "East Timor": "Timor-Leste", "UAE": "United Arab Emirates",
    "DRC": "Congo", "Côte d'Ivoire": "Ivory Coast",
}

# Demonym (adjective or people noun, singular and plural) -> canonical country or region.
_DEMONYMS = """
American:United States|British:United Kingdom|English:United Kingdom|Scottish:United Kingdom|
Welsh:United Kingdom|Irish:Ireland|French:France|German:Germany|Italian:Italy|Spanish:Spain|
Portuguese:Portugal|Dutch:Netherlands|Belgian:Belgium|Swiss:Switzerland|Austrian:Austria|
Swedish:Sweden|Norwegian:Norway|Danish:Denmark|Finnish:Finland|Polish:Poland|Czech:Czechia|
Hungarian:Hungary|Romanian:Romania|Bulgarian:Bulgaria|Greek:Greece|Turkish:Turkey|
Russian:Russia|Ukrainian:Ukraine|Belarusian:Belarus|Serbian:Serbia|Croatian:Croatia|
Chinese:China|Japanese:Japan|Korean:South Korea|Indian:India|Pakistani:Pakistan|
Afghan:Afghanistan|Iranian:Iran|Iraqi:Iraq|Syrian:Syria|Israeli:Israel|Palestinian:Palestine|
Lebanese:Lebanon|Jordanian:Jordan|Saudi:Saudi Arabia|Egyptian:Egypt|Libyan:Libya|
Moroccan:Morocco|Algerian:Algeria|Tunisian:Tunisia|Nigerian:Nigeria|Kenyan:Kenya|
Ethiopian:Ethiopia|Somali:Somalia|Sudanese:Sudan|Ghanaian:Ghana|South African:South Africa|
Canadian:Canada|Mexican:Mexico|Guatemalan:Guatemala|Honduran:Honduras|Salvadoran:El Salvador|
Salvadorean:El Salvador|Nicaraguan:Nicaragua|Costa Rican:Costa Rica|Panamanian:Panama|
Cuban:Cuba|Haitian:Haiti|Dominican:Dominican Republic|Jamaican:Jamaica|Colombian:Colombia|
Venezuelan:Venezuela|Ecuadorian:Ecuador|Peruvian:Peru|Bolivian:Bolivia|Chilean:Chile|
Argentine:Argentina|Argentinian:Argentina|Brazilian:Brazil|Uruguayan:Uruguay|
Paraguayan:Paraguay|Australian:Australia|Indonesian:Indonesia|Filipino:Philippines|
Vietnamese:Vietnam|Thai:Thailand|Malaysian:Malaysia|Bangladeshi:Bangladesh|
European:Europe|African:Africa|Asian:Asia|Latin American:Latin America|
Central American:Central America|South American:South America|North American:North America|
Middle Eastern:Middle East|Caribbean:Caribbean
"""
DEMONYMS: dict[str, str] = {}
for _pair in _DEMONYMS.replace("\n", "").split("|"):
    _adj, _place = _pair.split(":")
    DEMONYMS[_adj] = _place
    if not _adj.endswith(("sh", "ch", "ese", "ss")):
        DEMONYMS[_adj + "s"] = _place  # people noun: "Mexicans", "Central Americans"

REGIONS: frozenset[str] = frozenset({
    "Africa", "Asia", "Europe", "Oceania", "Antarctica", "Arctic", "North America",
    "South America", "Latin America", "Central America", "Middle East", "Caribbean",
    "Balkans", "Scandinavia", "Sahara", "Sahel", "Southeast Asia", "East Asia",
    "Central Asia", "West Africa", "East Africa", "Mediterranean", "Pacific", "Atlantic",
})

HONORIFICS: frozenset[str] = frozenset({"Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Prof", "Prof.", "Sir", "Dame"})

TITLES: frozenset[str] = frozenset({
    "President", "Vice", "Prime", "Minister", "Secretary", "Chancellor", "King", "Queen", "Prince",
    "Princess", "Governor", "Mayor", "Senator", "Sen.", "Rep.", "Representative", "Congressman",
    "Congresswoman", "Ambassador", "General", "Gen.", "Colonel", "Col.", "Captain", "Lieutenant",
    "Sergeant", "Commander", "Admiral", "Chief", "Agent", "Officer", "Director", "Judge",
    "Justice", "Attorney", "Pope", "Bishop", "Cardinal", "Chairman", "Chairwoman", "Spokesman",
    "Spokeswoman", "Commissioner", "Inspector", "Deputy", "Sheriff", "Detective", "Professor",
    "Pastor", "Father", "Sister", "Brother", "Lord", "Lady",
    # cabinet portfolios that sit inside a title ("Foreign Minister")
    "Foreign", "Interior", "Defence", "Defense", "Finance", "Home", "Health", "Justice", "Trade",
})
# Title words that are the head of a title (the others are modifiers inside it).
TITLE_HEADS: frozenset[str] = frozenset({
    "President", "Minister", "Secretary", "Chancellor", "King", "Queen", "Prince", "Princess",
    "Governor", "Mayor", "Senator", "Sen.", "Rep.", "Representative", "Congressman",
    "Congresswoman", "Ambassador", "General", "Gen.", "Colonel", "Col.", "Captain", "Lieutenant",
    "Sergeant", "Commander", "Admiral", "Chief", "Agent", "Officer", "Director", "Judge",
    "Justice", "Attorney", "Pope", "Bishop", "Cardinal", "Chairman", "Chairwoman", "Spokesman",
    "Spokeswoman", "Commissioner", "Inspector", "Sheriff", "Detective", "Professor", "Pastor",
})

ROLE_NOUNS: frozenset[str] = frozenset({
    "correspondent", "reporter", "journalist", "editor", "photographer", "spokesman",
    "spokeswoman", "spokesperson", "official", "migrant", "refugee", "activist", "lawyer",
    "analyst", "expert", "researcher", "student", "resident", "worker", "farmer", "doctor",
    "nurse", "soldier", "officer", "leader", "member", "citizen", "national", "singer", "actor",
    "writer", "author", "coach", "player", "candidate", "director", "chief", "envoy",
})

ORG_WORDS: frozenset[str] = frozenset({
    "Ministry", "Department", "Agency", "Office", "Bureau", "Service", "Services", "Enforcement",
    "Patrol", "Police", "Army", "Navy", "Force", "Forces", "Guard", "Council",
    "Committee", "Commission", "Court", "Parliament", "Congress", "Senate", "Assembly",
    "Government", "Administration", "Party", "Union", "Association", "Organisation",
    "Organization", "Institute", "Foundation", "University", "College", "School", "Bank",
    "Company", "Corporation", "Corp", "Inc", "Ltd", "Group", "Times", "Post", "News", "Press",
    "Journal", "Herald", "Tribune", "Television", "Radio", "Network", "Federation",
    "League", "Fund", "Church", "Nations",
})
FAC_WORDS: frozenset[str] = frozenset({
    "Bridge", "Airport", "Crossing", "Port", "Station", "Wall", "Street", "Road", "Avenue",
    "Highway", "Square", "Building", "Tower", "Palace", "House", "Hall", "Stadium", "Prison",
    "Hospital", "Camp", "Center", "Centre", "Shelter", "Gate", "Checkpoint",
})
LOC_WORDS: frozenset[str] = frozenset({
    "River", "Sea", "Ocean", "Lake", "Gulf", "Bay", "Mountains", "Mountain", "Valley", "Desert",
    "Island", "Islands", "Peninsula", "Coast", "Canal", "Strait",
})
NON_ENTITY_WORDS: frozenset[str] = frozenset({
    "Agreement", "Treaty", "Act", "Accord", "Accords", "Convention", "Protocol", "Law", "Bill",
    "Day", "Week", "Prize", "Award", "Cup", "Games", "Olympics", "War",
})
# Lowercase facility nouns that may follow a name: "the <Name> border crossing".
FAC_NOUNS_AFTER_NAME: frozenset[str] = frozenset({"crossing", "bridge", "airport", "port", "station", "camp", "prison", "shelter", "checkpoint"})
# Lowercase organisation nouns that may follow a name: "<Name> news agency".
ORG_NOUNS_AFTER_NAME: frozenset[str] = frozenset({"agency", "newspaper", "network", "channel", "ministry", "party"})

# Common nouns (singular lemma) that head nominal mentions, by entity type.
_NOUNS = {
    "PER": """people person man men woman women child children kid kids boy girl baby toddler
        mother father parent family families migrant refugee asylum-seeker immigrant foreigner
        member participant protester demonstrator marcher crowd group official officer
        agent guard soldier troop police policeman policewoman president minister secretary
        leader activist journalist correspondent reporter photographer spokesman spokeswoman
        worker resident citizen national victim suspect offender criminal observer witness
        driver passenger pedestrian authority governor mayor judge lawyer chief staff personnel
        neighbour neighbor friend daughter son wife husband brother sister""",
    "ORG": """ministry department agency office government administration military army navy
        police court company firm bank party organisation organization committee council
        commission newspaper network union ngo charity""",
    "GPE": """country nation city town village state province capital""",
    "LOC": """border region area territory frontier coast desert river sea""",
    "FAC": """fence wall barrier crossing shelter bridge road street building port camp
        checkpoint gate airport station prison jail facility""",
    "VEH": """vehicle car truck bus van boat ship plane aircraft helicopter train""",
    "WEA": """weapon gun rifle bullet rock stone projectile bomb grenade missile knife
        teargas""",
}
NOUN_TYPES: dict[str, str] = {}
for _type, _words in _NOUNS.items():
    for _word in _words.split():
        NOUN_TYPES.setdefault(_word, _type)
# Nouns that name a group of people: a plural antecedent for "they".
GROUP_NOUNS: frozenset[str] = frozenset({"group", "crowd", "family", "staff", "personnel", "police"})
# Quantity nouns whose "of"-complement carries the type: "dozens of people".
QUANTITY_NOUNS: frozenset[str] = frozenset({"dozens", "hundreds", "thousands", "millions", "tens", "scores", "number", "couple", "lot",
                                           "lots", "majority", "handful"})
# Nouns that take an "of"-complement inside the mention: "the members of the group".
OF_NOUNS: frozenset[str] = frozenset({"member", "group", "city", "president", "leader", "part", "head", "minister", "secretary", "people",
                                     "family", "families", "town", "state", "capital"})

PRONOUNS: dict[str, tuple[str, str]] = {
    # pronoun -> (number, person class); number: sg / pl / any; class: per / thing / any
    "he": ("sg", "per"), "him": ("sg", "per"), "his": ("sg", "per"), "himself": ("sg", "per"),
    "she": ("sg", "per"), "her": ("sg", "per"), "hers": ("sg", "per"), "herself": ("sg", "per"),
    "it": ("sg", "thing"), "its": ("sg", "thing"), "itself": ("sg", "thing"),
    "they": ("pl", "any"), "them": ("pl", "any"), "their": ("pl", "any"), "theirs": ("pl", "any"),
    "themselves": ("pl", "any"),
    "who": ("any", "per"), "whom": ("any", "per"), "whose": ("any", "per"), "which": ("any", "thing"),
    "i": ("sg", "speaker"), "me": ("sg", "speaker"), "my": ("sg", "speaker"), "myself": ("sg", "speaker"),
    "we": ("pl", "speaker"), "us": ("pl", "speaker"), "our": ("pl", "speaker"), "ourselves": ("pl", "speaker"),
}

FUNCTION_WORDS: frozenset[str] = frozenset("""
a an the this that these those some any each every all both either neither no many much more most
few several other another such what which who whom whose when where why how whether if unless
because although though while as than so but and or nor yet for of in on at by to from with
without into onto upon over under above below between among through during before after since
until about against across along around behind beyond near off out up down via per like
i me my mine we us our ours you your yours he him his she her hers it its they them their theirs
is are was were be been being am have has had do does did will would shall should can could may
might must not no yes also just only even still then there here now today yesterday tomorrow
however meanwhile moreover instead once again already always never often perhaps very
""".split())

REPORTING_VERBS: frozenset[str] = frozenset({
    "say", "said", "says", "saying", "tell", "told", "tells", "report", "reported", "reports",
    "confirm", "confirmed", "confirms", "add", "added", "adds", "announce", "announced",
    "announces", "state", "stated", "states", "claim", "claimed", "claims", "explain",
    "explained", "note", "noted", "write", "wrote", "estimate", "estimated", "show", "shows",
    "showed", "insist", "insisted", "warn", "warned", "tweet", "tweeted",
})

# Event triggers (lemmas; a space joins a particle). Keyed by schema event type: a type
# missing from the schema is never predicted, a schema type missing here gets no triggers.
TRIGGERS: dict[str, tuple[str, ...]] = {
    "Movement:Transport": ("travel", "move", "head", "arrive", "arrival", "enter", "flee", "leave",
                           "go", "journey", "migrate", "migration", "reach", "return", "escape", "run away"),
    "Movement:CrossBorder": ("cross", "breach", "storm", "climb", "jump", "scale"),
    "Justice:Deport": ("deport", "deportation", "expel", "expulsion", "send back", "repatriate", "repatriation"),
    "Movement:PreventEntry": ("close", "closure", "shut", "shut down", "block", "blockade", "seal off"),
    "Movement:SeekAsylum": ("asylum", "refuge"),
    "Movement:DisperseSeparate": ("split", "split off", "disperse", "scatter", "break up"),
    "Conflict:Attack": ("attack", "assault", "fire", "throw", "hit", "clash", "shoot", "shooting",
                        "bomb", "bombing", "confrontation", "fight", "violence", "repel"),
    "Conflict:Demonstrate": ("march", "protest", "demonstration", "demonstrate", "rally"),
    "Life:Injure": ("injure", "injury", "hurt", "wound", "harm"),
    "ArtifactExistence:DamageDestroy": ("destroy", "damage", "tear down", "demolish", "wreck"),
    "Justice:Arrest-Jail": ("arrest", "detain", "detention", "round up", "jail", "imprison", "capture"),
    "Justice:Charge-Indict": ("charge", "indict", "accuse", "prosecute", "prosecution"),
    "Personnel:Start-Position": ("assume office", "take office", "appoint", "hire", "inaugurate", "swear in"),
    "Transaction:Transfer-Ownership": ("give", "buy", "sell", "donate", "purchase"),
    "Government:Agreements": ("sign", "seal", "ratify", "conclude"),
    "Contact:Broadcast": ("say", "tell", "report", "confirm", "add", "announce", "point out",
                          "shout", "declare", "statement", "tweet"),
    "Contact:ThreatenCoerce": ("threaten", "threat"),
    "Contact:CommitmentPromiseExpressIntent": ("promise", "vow", "pledge"),
    "Contact:RequestAdvise": ("ask", "urge", "encourage", "convince", "request", "advise", "persuade"),
}

_IRREGULAR = {
    "say": ("said", "says", "saying"), "tell": ("told", "tells", "telling"), "go": ("went", "gone", "goes", "going"),
    "flee": ("fled", "flees", "fleeing"), "leave": ("left", "leaves", "leaving"), "run": ("ran", "runs", "running"),
    "throw": ("threw", "thrown", "throws", "throwing"), "hit": ("hits", "hitting"), "shoot": ("shot", "shoots", "shooting"),
    "fight": ("fought", "fights", "fighting"), "give": ("gave", "given", "gives", "giving"),
    "buy": ("bought", "buys", "buying"), "sell": ("sold", "sells", "selling"), "send": ("sent", "sends", "sending"),
    "get": ("got", "gets", "getting", "gotten"), "tear": ("tore", "torn", "tears", "tearing"),
    "shut": ("shuts", "shutting"), "split": ("splits", "splitting"), "break": ("broke", "broken", "breaks", "breaking"),
    "take": ("took", "taken", "takes", "taking"), "swear": ("swore", "sworn", "swears", "swearing"),
    "hurt": ("hurts", "hurting"), "put": ("puts", "putting"), "round": ("rounded", "rounds", "rounding"),
}


def inflections(lemma: str) -> set[str]:
    """The lemma and its regular (or listed irregular) inflected forms, lowercase."""
    forms = {lemma}
    if lemma in _IRREGULAR:
        forms.update(_IRREGULAR[lemma])
        if lemma not in ("say", "tell", "go", "flee", "leave", "run", "throw", "fight", "give", "buy", "sell",
                         "send", "get", "tear", "break", "take", "swear", "shoot"):
            forms.add(lemma + "ed")
        return forms
    if lemma.endswith("e"):
        forms.update({lemma + "s", lemma + "d", lemma[:-1] + "ing"})
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"})
    elif lemma.endswith(("s", "sh", "ch", "x")):
        forms.update({lemma + "es", lemma + "ed", lemma + "ing"})
    else:
        forms.update({lemma + "s", lemma + "ed", lemma + "ing"})
        if len(lemma) > 2 and lemma[-1] in "bdgmnprt" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou" and lemma not in ("visit",):
            forms.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"})
    return forms


def _verb_forms(triggers: dict[str, tuple[str, ...]]) -> frozenset[str]:
    """Inflected forms of the trigger verbs, reporting verbs and common participles: words that
    end a capitalised name run rather than continue it."""
    return frozenset(
        form for lemmas in triggers.values() for lemma in lemmas for form in inflections(lemma.split()[0])
    ) | REPORTING_VERBS | frozenset("""seen been done made taken given known shown left found kept held brought
        thought felt heard met paid put set sent spent stood understood won written""".split())


VERB_FORMS: frozenset[str] = _verb_forms(TRIGGERS)

# Entries that exist because of the three test articles (see the module docstring), per list.
ARTICLE_DERIVED: dict[str, frozenset[str]] = {
    "ORG_WORDS": frozenset({"Patrol", "Enforcement"}),
    "TITLES": frozenset({"Agent"}),
    "TITLE_HEADS": frozenset({"Agent"}),
    "ROLE_NOUNS": frozenset({"migrant"}),
    "FAC_NOUNS_AFTER_NAME": frozenset({"crossing", "shelter"}),
    "ORG_NOUNS_AFTER_NAME": frozenset({"agency"}),
    "NOUN_TYPES": frozenset({
        "border", "fence", "wall", "barrier", "crossing", "shelter", "rock", "stone", "projectile", "teargas",
        "migrant", "foreigner", "observer", "pedestrian", "offender", "participant", "toddler", "personnel",
        "authority", "asylum-seeker", "marcher",
    }),
    "TRIGGERS": frozenset({
        "storm", "breach", "climb", "scale", "jump", "run away", "escape", "head", "send back", "split off",
        "tear down", "round up", "assume office", "seal", "point out", "shout", "convince", "encourage",
        "violence", "repel", "give", "asylum", "refuge",
    }),
}


def _without(value: object, removed: frozenset[str]) -> object:
    if isinstance(value, frozenset):
        return value - removed
    if all(isinstance(v, tuple) for v in value.values()):  # TRIGGERS: type -> lemmas
        return {kind: tuple(lemma for lemma in lemmas if lemma not in removed) for kind, lemmas in value.items()}
    return {word: kind for word, kind in value.items() if word not in removed}  # NOUN_TYPES


@contextmanager
def general_knowledge() -> Iterator[None]:
    """Within the block the lists hold general knowledge only: :data:`ARTICLE_DERIVED` is removed
    from them (and from :data:`VERB_FORMS`). The baselines read the lists as attributes of this
    module at call time, so one switch here covers them all; the block is not thread-safe."""
    module = sys.modules[__name__]
    full = {name: getattr(module, name) for name in (*ARTICLE_DERIVED, "VERB_FORMS")}
    for name, removed in ARTICLE_DERIVED.items():
        setattr(module, name, _without(full[name], removed))
    module.VERB_FORMS = _verb_forms(module.TRIGGERS)
    try:
        yield
    finally:
        for name, value in full.items():
            setattr(module, name, value)


def slug(text: str) -> str:
    """A readable cluster slug: lowercase ASCII letters and digits joined by hyphens."""
    out, dash = [], False
    for char in text.lower():
        if char.isascii() and char.isalnum():
            out.append(char)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-") or "x"
