/// The word lists of `NoteCheck`.
enum NoteWords {
    /// Common given names in England and Wales (after ONS's lists of the most common baby names of
    /// the last twenty years, boys' and girls'), lower-cased. Names that are also everyday words of a
    /// note (will, may, mark, grace, hope, amber, max, miles, ed, …) are left out: they would refuse
    /// ordinary notes, and a note naming a child by one of them usually holds a surname shape too.
    static let givenNames: Set<String> = [
        // Boys
        "oliver", "george", "harry", "noah", "jack", "leo", "arthur", "muhammad", "mohammed", "mohammad", "oscar", "charlie",
        "jacob", "thomas", "henry", "william", "alfie", "joshua", "freddie", "archie", "theo", "ethan", "isaac", "alexander",
        "james", "edward", "lucas", "logan", "joseph", "samuel", "daniel", "sebastian", "finley", "harrison", "benjamin",
        "adam", "dylan", "riley", "arlo", "luca", "ronnie", "teddy", "jaxon", "reggie", "tommy", "albie", "rory",
        "louie", "elijah", "hugo", "tobias", "zachary", "jude", "ezra", "frankie", "stanley", "albert", "elliot", "elliott",
        "toby", "jayden", "ryan", "nathan", "liam", "kai", "aiden", "aidan", "caleb", "matthew", "luke", "lewis", "callum",
        "cameron", "connor", "kieran", "jamie", "jake", "ben", "sam", "alex", "billy", "bobby", "harvey", "jenson",
        "ollie", "rueben", "reuben", "michael", "david", "john", "peter", "paul", "richard", "robert", "christopher", "andrew",
        "anthony", "kevin", "steven", "stephen", "simon", "ian", "gary", "craig", "darren", "lee", "dean", "wayne", "shane",
        "kyle", "jordan", "tyler", "bradley", "brandon", "declan", "owen", "evan", "rhys", "dafydd", "ewan", "finn", "fraser",
        "harley", "hayden", "jasper", "jesse", "kian", "leon", "levi", "marcus", "mateo", "morgan", "nico", "oakley", "ralph",
        "rowan", "ruben", "rufus", "sonny", "travis", "vincent", "yusuf", "zain", "ali", "ibrahim", "omar", "hamza", "ayaan",
        "aarav", "arjun", "rohan", "krish", "kacper", "jakub", "filip", "antoni", "alfred", "ernest", "otis", "milo", "felix",
        "austin", "chester", "dominic", "eli", "ellis", "gabriel", "harris", "ivan", "joel", "kayden", "lenny",
        "lincoln", "louis", "maddox", "nathaniel", "patrick", "roman", "ronan", "seth", "spencer", "stefan", "tristan",
        "alan", "brian", "colin", "derek", "graham", "keith", "kenneth", "martin", "neil", "nigel", "philip", "raymond", "roger",
        "terry", "tony", "trevor", "barry", "carl", "adrian", "aaron", "jason", "jonathan", "reece", "reese",
        // Girls
        "olivia", "amelia", "isla", "ava", "mia", "ivy", "lily", "isabella", "sophia", "rosie", "freya", "florence",
        "evie", "ella", "emily", "poppy", "sienna", "elsie", "isabelle", "harper", "millie", "phoebe", "evelyn",
        "sophie", "sofia", "daisy", "matilda", "charlotte", "alice", "lucy", "ruby", "esme", "maya", "eva", "jessica", "emma",
        "chloe", "megan", "lauren", "hannah", "abigail", "bethany", "caitlin", "courtney", "danielle",
        "eleanor", "ellie", "erin", "georgia", "imogen", "jasmine", "katie", "leah", "lola", "luna", "maisie", "molly", "nancy",
        "niamh", "orla", "paige", "rebecca", "scarlett", "tilly", "zara", "aria", "aurora", "bonnie", "delilah",
        "edith", "eliza", "elizabeth", "emilia", "gracie", "hallie", "harriet", "heidi", 
        "jessie", "kayla", "layla", "lilly", "lottie", "mabel", "margot", "maryam", "aisha", "fatima", "zainab", "hafsa",
        "ayesha", "amira", "nevaeh", "violet", "mila", "myla", "ophelia", "penelope", "robyn", "sara", "sarah",
        "savannah", "skye", "thea", "victoria", "wren", "zoe", "zoey", "anna", "annabelle", "beatrice", "clara", "darcie",
        "darcey", "dorothy", "elodie", "emmeline", "fearne", "lyla", "orlaith", "peyton", "pippa", "rosa", "serena",
        "stella", "talia", "tia", "amy", "laura", "claire", "gemma", "hayley", "jennifer", "kelly", "kirsty",
        "leanne", "lisa", "louise", "michelle", "natalie", "nicola", "rachel", "samantha", "stacey", "stephanie", "tracey",
        "vicky", "alison", "amanda", "angela", "deborah", "elaine", "helen", "jacqueline", "janet", "joanne",
        "julie", "karen", "linda", "margaret", "mary", "patricia", "sandra", "sharon", "susan", "wendy", "mariam", "ana",
        "maja", "zuzanna", "julia", "aleksandra", "priya", "anaya", "aanya", "saanvi", "diya", "keira", "kiera", "tegan",
        "shannon", "jodie", "kayleigh", "abbie", "alicia", "amelie", "carys", "cerys", "ffion", "seren", "mollie", "lacey",
        "macie", "maci", 
    ]

    /// Words of places, schools and the service that are capitalised without naming a person: kinds of
    /// school and unit, the service's roles, Kent and Medway's towns, days and months.
    static let placeWords: Set<String> = [
        "academy", "school", "college", "primary", "secondary", "high", "grammar", "centre", "center", "unit", "pru", "ap",
        "alternative", "provision", "hub", "spoke", "service", "services", "alliance", "trust", "council", "county", "nhs",
        "camhs", "send", "sendco", "senco", "ehcp", "year", "term", "team", "group", "room", "hall", "base", "learning",
        "enterprise", "education", "health", "needs", "the", "and", "of", "for", "new",
        "educational", "psychologist", "psychology", "mental", "therapist", "therapy", "post-16", "transition", "coach",
        "family", "support", "worker", "speech", "language", "occupational", "manager", "lead", "specialist", "commissioner",
        "kent", "medway", "canterbury", "dover", "thanet", "margate", "ramsgate", "broadstairs", "folkestone", "hythe",
        "ashford", "maidstone", "dartford", "gravesend", "gillingham", "chatham", "rochester", "strood", "rainham",
        "sittingbourne", "faversham", "whitstable", "herne", "bay", "sheerness", "sheppey", "tunbridge", "wells", "tonbridge",
        "sevenoaks", "swanley", "deal", "sandwich", "tenterden", "cranbrook", "edenbridge", "westerham", "birchwood", "rowans",
        "bridges", "east", "west", "north", "south",
        "foster", "birth", "host", "adoptive", "extended", "whole", "this", "that", "our", "their", "his", "her", "each", "every", "any",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
    ]
}
