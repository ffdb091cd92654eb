//! The static reference catalog the demo is generated from: real brands and models
//! (with their generations and trims), body types, engines, places, features, colours,
//! names and blog titles.
//!
//! Everything here is plain data; [`super::generate`] turns it into rows. Years stay
//! within 2005–2026, and a generation still in production has no end year.

/// A car maker and the models the demo knows of it.
#[derive(Debug)]
pub struct BrandSpec {
    pub name: &'static str,
    /// Country of origin.
    pub country: &'static str,
    pub models: &'static [ModelSpec],
}

/// One model line of a brand.
#[derive(Debug)]
pub struct ModelSpec {
    pub name: &'static str,
    /// A [`BODY_TYPES`] code.
    pub body: &'static str,
    /// Price new, in USD.
    pub base_price: u32,
    pub generations: &'static [GenerationSpec],
    pub trims: &'static [&'static str],
}

/// A generation of a model; `end_year` is `None` while it is still made.
#[derive(Debug)]
pub struct GenerationSpec {
    pub name: &'static str,
    pub start_year: i32,
    pub end_year: Option<i32>,
}

#[derive(Debug)]
pub struct BodyTypeSpec {
    pub name: &'static str,
    pub code: &'static str,
    pub description: &'static str,
}

#[derive(Debug)]
pub struct EngineSpec {
    pub name: &'static str,
    /// `petrol`, `diesel`, `electric`, `hybrid` or `plugin_hybrid`.
    pub engine_type: &'static str,
    /// Litres as a decimal string; `None` for electric motors.
    pub displacement: Option<&'static str>,
    pub horsepower: u32,
    /// `manual`, `automatic`, `cvt`, `dct` or `semi_automatic`.
    pub transmission: &'static str,
}

/// Where a vehicle can be picked up.
#[derive(Debug)]
pub struct Place {
    pub address: &'static str,
    pub location_name: &'static str,
}

/// A generation that has ended.
const fn g(name: &'static str, start_year: i32, end_year: i32) -> GenerationSpec {
    GenerationSpec {
        name,
        start_year,
        end_year: Some(end_year),
    }
}

/// The current generation.
const fn cur(name: &'static str, start_year: i32) -> GenerationSpec {
    GenerationSpec {
        name,
        start_year,
        end_year: None,
    }
}

const fn m(
    name: &'static str,
    body: &'static str,
    base_price: u32,
    generations: &'static [GenerationSpec],
    trims: &'static [&'static str],
) -> ModelSpec {
    ModelSpec {
        name,
        body,
        base_price,
        generations,
        trims,
    }
}

pub static BODY_TYPES: &[BodyTypeSpec] = &[
    BodyTypeSpec {
        name: "Sedan",
        code: "SEDAN",
        description: "A four-door passenger car with a separate enclosed boot.",
    },
    BodyTypeSpec {
        name: "SUV",
        code: "SUV",
        description: "A sport utility vehicle with high ground clearance and room for the family.",
    },
    BodyTypeSpec {
        name: "Hatchback",
        code: "HATCHBACK",
        description: "A compact car with a rear door that opens upwards onto the cargo area.",
    },
    BodyTypeSpec {
        name: "Coupe",
        code: "COUPE",
        description: "A two-door car with a fixed roof and a sporty profile.",
    },
    BodyTypeSpec {
        name: "Convertible",
        code: "CONVERTIBLE",
        description: "A car whose roof folds away for open-air driving.",
    },
    BodyTypeSpec {
        name: "Wagon",
        code: "WAGON",
        description: "A car with the roof extended over a large rear cargo area.",
    },
    BodyTypeSpec {
        name: "Pickup Truck",
        code: "PICKUP",
        description: "A truck with an enclosed cab and an open cargo bed.",
    },
    BodyTypeSpec {
        name: "Minivan",
        code: "MINIVAN",
        description: "A people carrier with three rows of seats and sliding or wide doors.",
    },
    BodyTypeSpec {
        name: "Van",
        code: "VAN",
        description: "A box-shaped vehicle for carrying goods or large groups of people.",
    },
    BodyTypeSpec {
        name: "Crossover",
        code: "CROSSOVER",
        description: "A car-based utility vehicle that rides higher than a hatchback.",
    },
    BodyTypeSpec {
        name: "Sports Car",
        code: "SPORTS",
        description: "A low, powerful car built for performance and handling.",
    },
    BodyTypeSpec {
        name: "Off-Roader",
        code: "OFFROAD",
        description: "A rugged four-wheel-drive vehicle built for rough terrain.",
    },
];

pub static ENGINES: &[EngineSpec] = &[
    EngineSpec {
        name: "1.0L 3-Cylinder",
        engine_type: "petrol",
        displacement: Some("1.0"),
        horsepower: 67,
        transmission: "semi_automatic",
    },
    EngineSpec {
        name: "1.0L 3-Cylinder Turbo",
        engine_type: "petrol",
        displacement: Some("1.0"),
        horsepower: 110,
        transmission: "manual",
    },
    EngineSpec {
        name: "1.2L 3-Cylinder",
        engine_type: "petrol",
        displacement: Some("1.2"),
        horsepower: 82,
        transmission: "manual",
    },
    EngineSpec {
        name: "1.5L 4-Cylinder",
        engine_type: "petrol",
        displacement: Some("1.5"),
        horsepower: 119,
        transmission: "cvt",
    },
    EngineSpec {
        name: "1.5L 4-Cylinder Turbo",
        engine_type: "petrol",
        displacement: Some("1.5"),
        horsepower: 180,
        transmission: "cvt",
    },
    EngineSpec {
        name: "1.6L 4-Cylinder",
        engine_type: "petrol",
        displacement: Some("1.6"),
        horsepower: 121,
        transmission: "automatic",
    },
    EngineSpec {
        name: "2.0L 4-Cylinder",
        engine_type: "petrol",
        displacement: Some("2.0"),
        horsepower: 158,
        transmission: "cvt",
    },
    EngineSpec {
        name: "2.0L 4-Cylinder",
        engine_type: "petrol",
        displacement: Some("2.0"),
        horsepower: 155,
        transmission: "manual",
    },
    EngineSpec {
        name: "2.0L 4-Cylinder Turbo",
        engine_type: "petrol",
        displacement: Some("2.0"),
        horsepower: 255,
        transmission: "dct",
    },
    EngineSpec {
        name: "2.5L 4-Cylinder",
        engine_type: "petrol",
        displacement: Some("2.5"),
        horsepower: 203,
        transmission: "automatic",
    },
    EngineSpec {
        name: "3.5L V6",
        engine_type: "petrol",
        displacement: Some("3.5"),
        horsepower: 295,
        transmission: "automatic",
    },
    EngineSpec {
        name: "5.0L V8",
        engine_type: "petrol",
        displacement: Some("5.0"),
        horsepower: 460,
        transmission: "manual",
    },
    EngineSpec {
        name: "5.7L V8",
        engine_type: "petrol",
        displacement: Some("5.7"),
        horsepower: 395,
        transmission: "automatic",
    },
    EngineSpec {
        name: "1.5L 4-Cylinder Diesel",
        engine_type: "diesel",
        displacement: Some("1.5"),
        horsepower: 115,
        transmission: "manual",
    },
    EngineSpec {
        name: "2.0L 4-Cylinder Diesel",
        engine_type: "diesel",
        displacement: Some("2.0"),
        horsepower: 150,
        transmission: "dct",
    },
    EngineSpec {
        name: "2.8L 4-Cylinder Turbo Diesel",
        engine_type: "diesel",
        displacement: Some("2.8"),
        horsepower: 201,
        transmission: "automatic",
    },
    EngineSpec {
        name: "3.0L 4-Cylinder Turbo Diesel",
        engine_type: "diesel",
        displacement: Some("3.0"),
        horsepower: 188,
        transmission: "manual",
    },
    EngineSpec {
        name: "3.0L V6 Turbo Diesel",
        engine_type: "diesel",
        displacement: Some("3.0"),
        horsepower: 282,
        transmission: "automatic",
    },
    EngineSpec {
        name: "1.8L 4-Cylinder Hybrid",
        engine_type: "hybrid",
        displacement: Some("1.8"),
        horsepower: 138,
        transmission: "cvt",
    },
    EngineSpec {
        name: "2.5L 4-Cylinder Hybrid",
        engine_type: "hybrid",
        displacement: Some("2.5"),
        horsepower: 219,
        transmission: "cvt",
    },
    EngineSpec {
        name: "1.6L 4-Cylinder Turbo Hybrid",
        engine_type: "hybrid",
        displacement: Some("1.6"),
        horsepower: 231,
        transmission: "automatic",
    },
    EngineSpec {
        name: "2.4L 4-Cylinder Plug-in Hybrid",
        engine_type: "plugin_hybrid",
        displacement: Some("2.4"),
        horsepower: 248,
        transmission: "automatic",
    },
    EngineSpec {
        name: "2.0L 4-Cylinder Turbo Plug-in Hybrid",
        engine_type: "plugin_hybrid",
        displacement: Some("2.0"),
        horsepower: 375,
        transmission: "automatic",
    },
    EngineSpec {
        name: "Single Motor Electric",
        engine_type: "electric",
        displacement: None,
        horsepower: 201,
        transmission: "automatic",
    },
    EngineSpec {
        name: "Long Range Single Motor Electric",
        engine_type: "electric",
        displacement: None,
        horsepower: 283,
        transmission: "automatic",
    },
    EngineSpec {
        name: "Dual Motor Electric",
        engine_type: "electric",
        displacement: None,
        horsepower: 425,
        transmission: "automatic",
    },
    EngineSpec {
        name: "Tri Motor Electric",
        engine_type: "electric",
        displacement: None,
        horsepower: 835,
        transmission: "automatic",
    },
];

pub static BRANDS: &[BrandSpec] = &[
    BrandSpec {
        name: "Toyota",
        country: "Japan",
        models: TOYOTA,
    },
    BrandSpec {
        name: "Honda",
        country: "Japan",
        models: HONDA,
    },
    BrandSpec {
        name: "Nissan",
        country: "Japan",
        models: NISSAN,
    },
    BrandSpec {
        name: "Mazda",
        country: "Japan",
        models: MAZDA,
    },
    BrandSpec {
        name: "Subaru",
        country: "Japan",
        models: SUBARU,
    },
    BrandSpec {
        name: "Mitsubishi",
        country: "Japan",
        models: MITSUBISHI,
    },
    BrandSpec {
        name: "Suzuki",
        country: "Japan",
        models: SUZUKI,
    },
    BrandSpec {
        name: "Lexus",
        country: "Japan",
        models: LEXUS,
    },
    BrandSpec {
        name: "Isuzu",
        country: "Japan",
        models: ISUZU,
    },
    BrandSpec {
        name: "Acura",
        country: "Japan",
        models: ACURA,
    },
    BrandSpec {
        name: "Infiniti",
        country: "Japan",
        models: INFINITI,
    },
    BrandSpec {
        name: "Hyundai",
        country: "South Korea",
        models: HYUNDAI,
    },
    BrandSpec {
        name: "Kia",
        country: "South Korea",
        models: KIA,
    },
    BrandSpec {
        name: "Genesis",
        country: "South Korea",
        models: GENESIS,
    },
    BrandSpec {
        name: "Ford",
        country: "United States",
        models: FORD,
    },
    BrandSpec {
        name: "Chevrolet",
        country: "United States",
        models: CHEVROLET,
    },
    BrandSpec {
        name: "Jeep",
        country: "United States",
        models: JEEP,
    },
    BrandSpec {
        name: "Tesla",
        country: "United States",
        models: TESLA,
    },
    BrandSpec {
        name: "Rivian",
        country: "United States",
        models: RIVIAN,
    },
    BrandSpec {
        name: "Lucid",
        country: "United States",
        models: LUCID,
    },
    BrandSpec {
        name: "Dodge",
        country: "United States",
        models: DODGE,
    },
    BrandSpec {
        name: "Ram",
        country: "United States",
        models: RAM,
    },
    BrandSpec {
        name: "GMC",
        country: "United States",
        models: GMC,
    },
    BrandSpec {
        name: "Cadillac",
        country: "United States",
        models: CADILLAC,
    },
    BrandSpec {
        name: "Lincoln",
        country: "United States",
        models: LINCOLN,
    },
    BrandSpec {
        name: "Chrysler",
        country: "United States",
        models: CHRYSLER,
    },
    BrandSpec {
        name: "BMW",
        country: "Germany",
        models: BMW,
    },
    BrandSpec {
        name: "Mercedes-Benz",
        country: "Germany",
        models: MERCEDES_BENZ,
    },
    BrandSpec {
        name: "Audi",
        country: "Germany",
        models: AUDI,
    },
    BrandSpec {
        name: "Volkswagen",
        country: "Germany",
        models: VOLKSWAGEN,
    },
    BrandSpec {
        name: "Porsche",
        country: "Germany",
        models: PORSCHE,
    },
    BrandSpec {
        name: "Opel",
        country: "Germany",
        models: OPEL,
    },
    BrandSpec {
        name: "Volvo",
        country: "Sweden",
        models: VOLVO,
    },
    BrandSpec {
        name: "Polestar",
        country: "Sweden",
        models: POLESTAR,
    },
    BrandSpec {
        name: "Land Rover",
        country: "United Kingdom",
        models: LAND_ROVER,
    },
    BrandSpec {
        name: "Jaguar",
        country: "United Kingdom",
        models: JAGUAR,
    },
    BrandSpec {
        name: "Mini",
        country: "United Kingdom",
        models: MINI,
    },
    BrandSpec {
        name: "Peugeot",
        country: "France",
        models: PEUGEOT,
    },
    BrandSpec {
        name: "Renault",
        country: "France",
        models: RENAULT,
    },
    BrandSpec {
        name: "Citroen",
        country: "France",
        models: CITROEN,
    },
    BrandSpec {
        name: "Skoda",
        country: "Czech Republic",
        models: SKODA,
    },
    BrandSpec {
        name: "Fiat",
        country: "Italy",
        models: FIAT,
    },
    BrandSpec {
        name: "Alfa Romeo",
        country: "Italy",
        models: ALFA_ROMEO,
    },
    BrandSpec {
        name: "Seat",
        country: "Spain",
        models: SEAT,
    },
    BrandSpec {
        name: "Dacia",
        country: "Romania",
        models: DACIA,
    },
    BrandSpec {
        name: "BYD",
        country: "China",
        models: BYD,
    },
];

static TOYOTA: &[ModelSpec] = &[
    m(
        "Corolla",
        "SEDAN",
        22_050,
        &[
            g("E140", 2006, 2013),
            g("E170", 2013, 2019),
            cur("E210", 2019),
        ],
        &["L", "LE", "SE", "XSE"],
    ),
    m(
        "Camry",
        "SEDAN",
        28_400,
        &[
            g("XV50", 2011, 2017),
            g("XV70", 2017, 2024),
            cur("XV80", 2024),
        ],
        &["LE", "SE", "XLE", "XSE"],
    ),
    m(
        "RAV4",
        "CROSSOVER",
        28_675,
        &[
            g("XA30", 2005, 2012),
            g("XA40", 2012, 2018),
            cur("XA50", 2018),
        ],
        &["LE", "XLE", "Adventure", "Limited"],
    ),
    m(
        "Land Cruiser",
        "OFFROAD",
        57_200,
        &[g("J200", 2007, 2021), cur("J300", 2021)],
        &["GX", "VX", "ZX"],
    ),
    m(
        "Land Cruiser Prado",
        "OFFROAD",
        55_000,
        &[g("J150", 2009, 2023), cur("J250", 2023)],
        &["TX", "TX-L", "VX"],
    ),
    m(
        "Hilux",
        "PICKUP",
        32_000,
        &[g("AN10", 2005, 2015), cur("AN120", 2015)],
        &["Workmate", "SR", "SR5", "Rogue"],
    ),
    m(
        "Tacoma",
        "PICKUP",
        31_500,
        &[
            g("N200", 2005, 2015),
            g("N300", 2015, 2023),
            cur("N400", 2023),
        ],
        &["SR", "SR5", "TRD Off-Road", "Limited"],
    ),
    m(
        "Prius",
        "HATCHBACK",
        28_350,
        &[
            g("XW30", 2009, 2015),
            g("XW50", 2015, 2022),
            cur("XW60", 2022),
        ],
        &["LE", "XLE", "Limited"],
    ),
    m(
        "Highlander",
        "SUV",
        39_520,
        &[
            g("XU40", 2007, 2013),
            g("XU50", 2013, 2019),
            cur("XU70", 2019),
        ],
        &["LE", "XLE", "Limited", "Platinum"],
    ),
    m(
        "Sienna",
        "MINIVAN",
        39_185,
        &[g("XL30", 2010, 2020), cur("XL40", 2020)],
        &["LE", "XLE", "Limited", "Platinum"],
    ),
    m(
        "Yaris",
        "HATCHBACK",
        17_000,
        &[
            g("XP90", 2005, 2011),
            g("XP130", 2011, 2020),
            cur("XP210", 2020),
        ],
        &["Active", "Design", "GR Sport"],
    ),
    m(
        "Fortuner",
        "SUV",
        38_000,
        &[g("AN50", 2005, 2015), cur("AN160", 2015)],
        &["G", "V", "Legender"],
    ),
    m(
        "GR86",
        "SPORTS",
        29_300,
        &[cur("ZN8", 2021)],
        &["Base", "Premium", "TRD"],
    ),
    m(
        "Hiace",
        "VAN",
        40_000,
        &[cur("H300", 2019)],
        &["GL", "Commuter", "Super GL"],
    ),
];

static HONDA: &[ModelSpec] = &[
    m(
        "Civic",
        "SEDAN",
        24_250,
        &[g("FB", 2011, 2015), g("FC", 2015, 2021), cur("FE", 2021)],
        &["LX", "Sport", "EX", "Touring"],
    ),
    m(
        "Accord",
        "SEDAN",
        28_295,
        &[g("CR", 2012, 2017), g("CV", 2017, 2022), cur("CY", 2022)],
        &["LX", "Sport", "EX-L", "Touring"],
    ),
    m(
        "CR-V",
        "CROSSOVER",
        30_100,
        &[g("RM", 2011, 2016), g("RW", 2016, 2022), cur("RS", 2022)],
        &["LX", "EX", "EX-L", "Sport Touring"],
    ),
    m(
        "HR-V",
        "CROSSOVER",
        24_400,
        &[g("RU", 2015, 2022), cur("RV", 2022)],
        &["LX", "Sport", "EX-L"],
    ),
    m(
        "Pilot",
        "SUV",
        40_200,
        &[
            g("Second generation", 2008, 2015),
            g("Third generation", 2015, 2022),
            cur("Fourth generation", 2022),
        ],
        &["Sport", "EX-L", "TrailSport", "Elite"],
    ),
    m(
        "Odyssey",
        "MINIVAN",
        38_000,
        &[g("RL5", 2010, 2017), cur("RL6", 2017)],
        &["EX", "EX-L", "Sport", "Elite"],
    ),
    m(
        "Fit",
        "HATCHBACK",
        16_190,
        &[g("GE", 2007, 2014), g("GK", 2013, 2020), cur("GR", 2020)],
        &["LX", "Sport", "EX", "EX-L"],
    ),
    m(
        "Ridgeline",
        "PICKUP",
        40_000,
        &[
            g("First generation", 2005, 2014),
            cur("Second generation", 2016),
        ],
        &["Sport", "RTL", "TrailSport", "Black Edition"],
    ),
    m(
        "Passport",
        "SUV",
        41_900,
        &[
            g("Third generation", 2018, 2025),
            cur("Fourth generation", 2025),
        ],
        &["EX-L", "TrailSport", "Elite"],
    ),
    m(
        "Civic Type R",
        "SPORTS",
        45_000,
        &[g("FK8", 2017, 2021), cur("FL5", 2022)],
        &["Base", "Limited Edition"],
    ),
];

static NISSAN: &[ModelSpec] = &[
    m(
        "Altima",
        "SEDAN",
        27_000,
        &[g("L32", 2007, 2012), g("L33", 2012, 2018), cur("L34", 2018)],
        &["S", "SV", "SR", "SL"],
    ),
    m(
        "Sentra",
        "SEDAN",
        21_590,
        &[g("B16", 2006, 2012), g("B17", 2012, 2019), cur("B18", 2019)],
        &["S", "SV", "SR"],
    ),
    m(
        "Rogue",
        "CROSSOVER",
        29_230,
        &[g("S35", 2007, 2013), g("T32", 2013, 2020), cur("T33", 2020)],
        &["S", "SV", "SL", "Platinum"],
    ),
    m(
        "X-Trail",
        "SUV",
        33_000,
        &[g("T31", 2007, 2013), g("T32", 2013, 2022), cur("T33", 2022)],
        &["Visia", "Acenta", "N-Connecta", "Tekna"],
    ),
    m(
        "Patrol",
        "OFFROAD",
        70_000,
        &[g("Y62", 2010, 2024), cur("Y63", 2024)],
        &["XE", "SE", "LE"],
    ),
    m(
        "Navara",
        "PICKUP",
        30_000,
        &[g("D40", 2005, 2015), cur("D23", 2014)],
        &["XE", "SE", "LE", "Pro-4X"],
    ),
    m(
        "Frontier",
        "PICKUP",
        30_000,
        &[g("D40", 2005, 2021), cur("D41", 2021)],
        &["S", "SV", "Pro-4X"],
    ),
    m(
        "Leaf",
        "HATCHBACK",
        28_140,
        &[
            g("ZE0", 2010, 2017),
            g("ZE1", 2017, 2025),
            cur("Third generation", 2025),
        ],
        &["S", "SV", "SV Plus"],
    ),
    m(
        "Note",
        "HATCHBACK",
        18_000,
        &[g("E11", 2005, 2012), g("E12", 2012, 2020), cur("E13", 2020)],
        &["S", "X", "Medalist"],
    ),
    m(
        "Qashqai",
        "CROSSOVER",
        30_000,
        &[g("J10", 2006, 2013), g("J11", 2013, 2021), cur("J12", 2021)],
        &["Visia", "Acenta", "N-Connecta", "Tekna"],
    ),
    m(
        "GT-R",
        "SPORTS",
        120_000,
        &[g("R35", 2007, 2025)],
        &["Premium", "T-spec", "Nismo"],
    ),
    m(
        "Z",
        "SPORTS",
        42_970,
        &[g("Z34", 2008, 2020), cur("RZ34", 2022)],
        &["Sport", "Performance", "Nismo"],
    ),
];

static MAZDA: &[ModelSpec] = &[
    m(
        "Mazda3",
        "HATCHBACK",
        24_150,
        &[g("BL", 2008, 2013), g("BM", 2013, 2018), cur("BP", 2018)],
        &["S", "Select", "Preferred", "Premium"],
    ),
    m(
        "Mazda6",
        "SEDAN",
        26_000,
        &[g("GH", 2007, 2012), g("GJ", 2012, 2021)],
        &["Sport", "Touring", "Grand Touring"],
    ),
    m(
        "CX-3",
        "CROSSOVER",
        21_000,
        &[cur("DK", 2015)],
        &["Sport", "Touring", "Grand Touring"],
    ),
    m(
        "CX-30",
        "CROSSOVER",
        25_000,
        &[cur("DM", 2019)],
        &["S", "Select", "Preferred", "Premium"],
    ),
    m(
        "CX-5",
        "CROSSOVER",
        29_300,
        &[
            g("KE", 2012, 2017),
            g("KF", 2017, 2025),
            cur("Third generation", 2025),
        ],
        &["Sport", "Touring", "Grand Touring", "Signature"],
    ),
    m(
        "CX-50",
        "CROSSOVER",
        30_500,
        &[cur("First generation", 2022)],
        &["Select", "Preferred", "Premium", "Meridian Edition"],
    ),
    m(
        "CX-9",
        "SUV",
        37_000,
        &[g("TB", 2007, 2015), g("TC", 2016, 2023)],
        &["Sport", "Touring", "Grand Touring"],
    ),
    m(
        "CX-90",
        "SUV",
        39_595,
        &[cur("KK", 2023)],
        &["Select", "Preferred", "Premium", "Turbo S"],
    ),
    m(
        "MX-5 Miata",
        "CONVERTIBLE",
        29_000,
        &[g("NC", 2005, 2015), cur("ND", 2015)],
        &["Sport", "Club", "Grand Touring"],
    ),
    m(
        "BT-50",
        "PICKUP",
        33_000,
        &[g("UP", 2011, 2020), cur("TF", 2020)],
        &["XT", "XTR", "GT"],
    ),
];

static SUBARU: &[ModelSpec] = &[
    m(
        "Impreza",
        "HATCHBACK",
        22_000,
        &[g("GP", 2011, 2016), g("GT", 2016, 2023), cur("GU", 2023)],
        &["Base", "Sport", "RS"],
    ),
    m(
        "Legacy",
        "SEDAN",
        24_000,
        &[
            g("BM", 2009, 2014),
            g("BN", 2014, 2019),
            g("BW", 2019, 2025),
        ],
        &["Base", "Premium", "Sport", "Limited"],
    ),
    m(
        "Outback",
        "WAGON",
        29_000,
        &[g("BR", 2009, 2014), g("BS", 2014, 2019), cur("BT", 2019)],
        &["Base", "Premium", "Onyx Edition", "Touring"],
    ),
    m(
        "Forester",
        "CROSSOVER",
        28_000,
        &[g("SJ", 2012, 2018), g("SK", 2018, 2024), cur("SL", 2024)],
        &["Base", "Premium", "Sport", "Touring"],
    ),
    m(
        "Crosstrek",
        "CROSSOVER",
        25_000,
        &[g("GP", 2012, 2017), g("GT", 2017, 2023), cur("GU", 2023)],
        &["Base", "Premium", "Sport", "Limited"],
    ),
    m(
        "Ascent",
        "SUV",
        35_000,
        &[cur("WM", 2018)],
        &["Base", "Premium", "Limited", "Touring"],
    ),
    m(
        "WRX",
        "SEDAN",
        33_000,
        &[g("VA", 2014, 2021), cur("VB", 2021)],
        &["Base", "Premium", "Limited", "GT"],
    ),
    m(
        "BRZ",
        "SPORTS",
        30_000,
        &[g("ZC6", 2012, 2020), cur("ZD8", 2021)],
        &["Premium", "Limited", "tS"],
    ),
    m(
        "Solterra",
        "CROSSOVER",
        45_000,
        &[cur("First generation", 2022)],
        &["Premium", "Limited", "Touring"],
    ),
];

static MITSUBISHI: &[ModelSpec] = &[
    m(
        "Outlander",
        "SUV",
        28_000,
        &[g("CW", 2006, 2012), g("GF", 2012, 2021), cur("GN", 2021)],
        &["ES", "SE", "SEL"],
    ),
    m(
        "Outlander PHEV",
        "CROSSOVER",
        40_000,
        &[g("GG", 2013, 2021), cur("GN", 2022)],
        &["SE", "SEL"],
    ),
    m(
        "Eclipse Cross",
        "CROSSOVER",
        26_000,
        &[cur("GK", 2017)],
        &["ES", "LE", "SE", "SEL"],
    ),
    m(
        "ASX",
        "CROSSOVER",
        24_000,
        &[g("GA", 2010, 2023), cur("Second generation", 2023)],
        &["ES", "LS", "Exceed"],
    ),
    m(
        "Pajero",
        "OFFROAD",
        40_000,
        &[g("V80", 2006, 2021)],
        &["GLX", "GLS", "Exceed"],
    ),
    m(
        "Pajero Sport",
        "SUV",
        38_000,
        &[g("KH", 2008, 2015), cur("QE", 2015)],
        &["GLX", "GLS", "Exceed"],
    ),
    m(
        "Triton",
        "PICKUP",
        30_000,
        &[
            g("KB", 2005, 2015),
            g("MQ", 2014, 2023),
            cur("Sixth generation", 2023),
        ],
        &["GLX", "GLS", "Athlete"],
    ),
    m(
        "Mirage",
        "HATCHBACK",
        16_000,
        &[g("A05A", 2012, 2025)],
        &["ES", "LE", "SE"],
    ),
    m(
        "Lancer",
        "SEDAN",
        18_000,
        &[g("CY", 2007, 2017)],
        &["ES", "SE", "GT"],
    ),
    m(
        "Xpander",
        "MINIVAN",
        22_000,
        &[cur("NC", 2017)],
        &["GLX", "GLS", "Exceed", "Ultimate"],
    ),
];

static SUZUKI: &[ModelSpec] = &[
    m(
        "Swift",
        "HATCHBACK",
        16_000,
        &[
            g("FZ/NZ", 2010, 2017),
            g("AZ", 2017, 2024),
            cur("Fourth generation", 2024),
        ],
        &["GL", "GLX", "Sport"],
    ),
    m(
        "Vitara",
        "CROSSOVER",
        24_000,
        &[cur("LY", 2015)],
        &["GL", "GLX", "S Turbo"],
    ),
    m(
        "Jimny",
        "OFFROAD",
        22_000,
        &[cur("JB74", 2018)],
        &["GA", "GL", "GLX"],
    ),
    m(
        "Grand Vitara",
        "SUV",
        25_000,
        &[g("JT", 2005, 2015), cur("Fourth generation", 2022)],
        &["GL", "GLX", "JLX"],
    ),
    m(
        "Ertiga",
        "MINIVAN",
        18_000,
        &[g("First generation", 2012, 2018), cur("NC", 2018)],
        &["GA", "GL", "GLX"],
    ),
    m(
        "Dzire",
        "SEDAN",
        12_000,
        &[
            g("Second generation", 2017, 2024),
            cur("Third generation", 2024),
        ],
        &["LXi", "VXi", "ZXi"],
    ),
    m(
        "S-Cross",
        "CROSSOVER",
        25_000,
        &[g("JY", 2013, 2021), cur("Second generation", 2021)],
        &["GL", "GLX", "AllGrip"],
    ),
    m(
        "Baleno",
        "HATCHBACK",
        15_000,
        &[
            g("First generation", 2015, 2022),
            cur("Second generation", 2022),
        ],
        &["GL", "GLX"],
    ),
    m(
        "Ignis",
        "HATCHBACK",
        14_000,
        &[cur("MF", 2016)],
        &["GA", "GL", "GLX"],
    ),
    m(
        "Celerio",
        "HATCHBACK",
        11_000,
        &[
            g("First generation", 2014, 2021),
            cur("Second generation", 2021),
        ],
        &["GA", "GL", "GLX"],
    ),
];

static LEXUS: &[ModelSpec] = &[
    m(
        "IS",
        "SEDAN",
        41_000,
        &[g("XE20", 2005, 2013), cur("XE30", 2013)],
        &["IS 300", "IS 350 F Sport", "IS 500"],
    ),
    m(
        "ES",
        "SEDAN",
        42_000,
        &[
            g("XV40", 2006, 2012),
            g("XV60", 2012, 2018),
            cur("XV70", 2018),
        ],
        &["ES 250", "ES 300h", "ES 350 F Sport"],
    ),
    m(
        "GS",
        "SEDAN",
        50_000,
        &[g("S190", 2005, 2011), g("L10", 2011, 2020)],
        &["GS 350", "GS 450h", "GS F"],
    ),
    m(
        "LS",
        "SEDAN",
        80_000,
        &[g("XF40", 2006, 2017), cur("XF50", 2017)],
        &["LS 500", "LS 500h"],
    ),
    m(
        "NX",
        "CROSSOVER",
        41_000,
        &[g("AZ10", 2014, 2021), cur("AZ20", 2021)],
        &["NX 250", "NX 350", "NX 350h", "NX 450h+"],
    ),
    m(
        "RX",
        "SUV",
        49_000,
        &[
            g("AL10", 2008, 2015),
            g("AL20", 2015, 2022),
            cur("ALA10", 2022),
        ],
        &["RX 350", "RX 350h", "RX 500h"],
    ),
    m(
        "GX",
        "OFFROAD",
        64_000,
        &[g("J150", 2009, 2023), cur("J250", 2023)],
        &["Premium", "Luxury", "Overtrail"],
    ),
    m(
        "LX",
        "OFFROAD",
        90_000,
        &[g("J200", 2007, 2021), cur("J310", 2021)],
        &["Premium", "Luxury", "F Sport", "Ultra Luxury"],
    ),
    m(
        "UX",
        "CROSSOVER",
        36_000,
        &[cur("ZA10", 2018)],
        &["UX 250h", "UX 300h", "F Sport"],
    ),
    m(
        "LC",
        "COUPE",
        100_000,
        &[cur("Z100", 2017)],
        &["LC 500", "LC 500h", "LC 500 Convertible"],
    ),
];

static ISUZU: &[ModelSpec] = &[
    m(
        "D-Max",
        "PICKUP",
        30_000,
        &[g("RT50", 2011, 2019), cur("RG", 2019)],
        &["LS", "LS-U", "X-Terrain"],
    ),
    m(
        "MU-X",
        "SUV",
        38_000,
        &[
            g("First generation", 2013, 2021),
            cur("Second generation", 2020),
        ],
        &["LS-M", "LS-U", "LS-T"],
    ),
    m(
        "i-Series",
        "PICKUP",
        24_000,
        &[g("First generation", 2006, 2008)],
        &["i-290", "i-370", "i-370 LS"],
    ),
    m(
        "N-Series",
        "VAN",
        45_000,
        &[
            g("Sixth generation", 2006, 2023),
            cur("Seventh generation", 2023),
        ],
        &["NPR", "NQR", "NPS"],
    ),
    m(
        "Traga",
        "PICKUP",
        15_000,
        &[cur("First generation", 2018)],
        &["Flat Deck", "Box"],
    ),
    m(
        "MU-7",
        "SUV",
        28_000,
        &[g("First generation", 2005, 2013)],
        &["Primo", "Activo"],
    ),
];

static ACURA: &[ModelSpec] = &[
    m(
        "ILX",
        "SEDAN",
        27_000,
        &[g("First generation", 2012, 2022)],
        &["Base", "Premium", "A-Spec"],
    ),
    m(
        "Integra",
        "HATCHBACK",
        32_000,
        &[cur("DE4", 2022)],
        &["Base", "A-Spec", "Type S"],
    ),
    m(
        "TLX",
        "SEDAN",
        45_000,
        &[
            g("First generation", 2014, 2020),
            cur("Second generation", 2020),
        ],
        &["Base", "Technology", "A-Spec", "Type S"],
    ),
    m(
        "TL",
        "SEDAN",
        36_000,
        &[g("UA8", 2008, 2014)],
        &["Base", "Technology", "SH-AWD"],
    ),
    m(
        "RDX",
        "CROSSOVER",
        45_000,
        &[
            g("First generation", 2006, 2012),
            g("Second generation", 2012, 2018),
            cur("Third generation", 2018),
        ],
        &["Base", "Technology", "A-Spec", "Advance"],
    ),
    m(
        "MDX",
        "SUV",
        51_000,
        &[g("YD2", 2006, 2013), g("YD3", 2013, 2020), cur("YD4", 2021)],
        &["Base", "Technology", "A-Spec", "Type S"],
    ),
    m(
        "NSX",
        "SPORTS",
        157_000,
        &[g("NC1", 2016, 2022)],
        &["Base", "Type S"],
    ),
    m(
        "TSX",
        "SEDAN",
        30_000,
        &[g("CU2", 2008, 2014)],
        &["Base", "Technology", "Special Edition"],
    ),
    m(
        "ZDX",
        "CROSSOVER",
        65_000,
        &[
            g("First generation", 2009, 2013),
            g("Second generation", 2024, 2025),
        ],
        &["A-Spec", "Type S"],
    ),
];

static INFINITI: &[ModelSpec] = &[
    m(
        "Q50",
        "SEDAN",
        43_000,
        &[g("V37", 2013, 2024)],
        &["Pure", "Luxe", "Sport", "Red Sport 400"],
    ),
    m(
        "Q60",
        "COUPE",
        48_000,
        &[g("CV37", 2016, 2022)],
        &["Pure", "Luxe", "Red Sport 400"],
    ),
    m(
        "QX50",
        "CROSSOVER",
        42_000,
        &[g("J50", 2013, 2017), g("J55", 2017, 2025)],
        &["Pure", "Luxe", "Sport", "Autograph"],
    ),
    m(
        "QX55",
        "CROSSOVER",
        50_000,
        &[g("J55", 2021, 2025)],
        &["Luxe", "Essential", "Sensory"],
    ),
    m(
        "QX60",
        "SUV",
        50_000,
        &[g("L50", 2012, 2020), cur("L51", 2021)],
        &["Pure", "Luxe", "Sensory", "Autograph"],
    ),
    m(
        "QX80",
        "SUV",
        83_000,
        &[g("Z62", 2010, 2024), cur("Z63", 2024)],
        &["Pure", "Luxe", "Sensory", "Autograph"],
    ),
    m(
        "G37",
        "SEDAN",
        35_000,
        &[g("V36", 2007, 2013)],
        &["Base", "Journey", "Sport"],
    ),
    m(
        "FX",
        "SUV",
        45_000,
        &[g("S51", 2008, 2013)],
        &["FX35", "FX37", "FX50"],
    ),
    m(
        "M",
        "SEDAN",
        48_000,
        &[g("Y51", 2010, 2013)],
        &["M37", "M56", "M35h"],
    ),
];

static HYUNDAI: &[ModelSpec] = &[
    m(
        "Elantra",
        "SEDAN",
        22_000,
        &[g("MD", 2010, 2015), g("AD", 2015, 2020), cur("CN7", 2020)],
        &["SE", "SEL", "Limited", "N"],
    ),
    m(
        "Sonata",
        "SEDAN",
        27_000,
        &[g("YF", 2009, 2014), g("LF", 2014, 2019), cur("DN8", 2019)],
        &["SE", "SEL", "Limited", "N Line"],
    ),
    m(
        "Tucson",
        "CROSSOVER",
        28_000,
        &[g("LM", 2009, 2015), g("TL", 2015, 2020), cur("NX4", 2020)],
        &["SE", "SEL", "Limited", "N Line"],
    ),
    m(
        "Santa Fe",
        "SUV",
        33_000,
        &[g("DM", 2012, 2018), g("TM", 2018, 2023), cur("MX5", 2023)],
        &["SE", "SEL", "Limited", "Calligraphy"],
    ),
    m(
        "Palisade",
        "SUV",
        38_000,
        &[g("LX2", 2018, 2025), cur("LX3", 2025)],
        &["SE", "SEL", "Limited", "Calligraphy"],
    ),
    m(
        "Kona",
        "CROSSOVER",
        25_000,
        &[g("OS", 2017, 2023), cur("SX2", 2023)],
        &["SE", "SEL", "Limited", "N Line"],
    ),
    m(
        "Ioniq 5",
        "CROSSOVER",
        43_000,
        &[cur("NE", 2021)],
        &["SE", "SEL", "Limited", "N"],
    ),
    m(
        "i10",
        "HATCHBACK",
        14_000,
        &[g("PA", 2007, 2013), g("IA", 2013, 2019), cur("AC3", 2019)],
        &["GL", "GLS", "N Line"],
    ),
    m(
        "i20",
        "HATCHBACK",
        18_000,
        &[g("PB", 2008, 2014), g("GB", 2014, 2020), cur("BC3", 2020)],
        &["SE", "Premium", "N Line"],
    ),
    m(
        "Accent",
        "SEDAN",
        17_000,
        &[
            g("MC", 2005, 2010),
            g("RB", 2010, 2017),
            g("HC", 2017, 2022),
        ],
        &["SE", "SEL", "Limited"],
    ),
    m(
        "Staria",
        "VAN",
        40_000,
        &[cur("US4", 2021)],
        &["Load", "Wagon", "Lounge"],
    ),
];

static KIA: &[ModelSpec] = &[
    m(
        "Rio",
        "HATCHBACK",
        17_000,
        &[
            g("JB", 2005, 2011),
            g("UB", 2011, 2017),
            g("YB", 2017, 2023),
        ],
        &["LX", "S", "EX"],
    ),
    m(
        "Forte",
        "SEDAN",
        20_000,
        &[g("TD", 2008, 2013), g("YD", 2012, 2018), cur("BD", 2018)],
        &["LXS", "GT-Line", "GT"],
    ),
    m(
        "Optima",
        "SEDAN",
        24_000,
        &[g("TF", 2010, 2015), g("JF", 2015, 2020)],
        &["LX", "EX", "SX"],
    ),
    m(
        "K5",
        "SEDAN",
        26_000,
        &[cur("DL3", 2019)],
        &["LXS", "GT-Line", "EX", "GT"],
    ),
    m(
        "Sportage",
        "CROSSOVER",
        28_000,
        &[g("SL", 2010, 2015), g("QL", 2015, 2021), cur("NQ5", 2021)],
        &["LX", "EX", "X-Line", "SX Prestige"],
    ),
    m(
        "Sorento",
        "SUV",
        32_000,
        &[g("XM", 2009, 2014), g("UM", 2014, 2020), cur("MQ4", 2020)],
        &["LX", "S", "EX", "SX"],
    ),
    m(
        "Telluride",
        "SUV",
        37_000,
        &[cur("ON", 2019)],
        &["LX", "S", "EX", "SX"],
    ),
    m(
        "Carnival",
        "MINIVAN",
        35_000,
        &[g("YP", 2014, 2020), cur("KA4", 2020)],
        &["LX", "EX", "SX", "SX Prestige"],
    ),
    m(
        "Picanto",
        "HATCHBACK",
        13_000,
        &[g("TA", 2011, 2017), cur("JA", 2017)],
        &["LX", "EX", "GT-Line"],
    ),
    m(
        "Seltos",
        "CROSSOVER",
        24_000,
        &[cur("SP2", 2019)],
        &["LX", "S", "EX", "SX"],
    ),
    m(
        "EV6",
        "CROSSOVER",
        43_000,
        &[cur("CV", 2021)],
        &["Light", "Wind", "GT-Line", "GT"],
    ),
];

static GENESIS: &[ModelSpec] = &[
    m(
        "G70",
        "SEDAN",
        41_000,
        &[cur("IK", 2017)],
        &["2.0T", "2.5T Sport Prestige", "3.3T Sport"],
    ),
    m(
        "G80",
        "SEDAN",
        53_000,
        &[g("DH", 2016, 2020), cur("RG3", 2020)],
        &["2.5T", "3.5T", "Electrified"],
    ),
    m(
        "G90",
        "SEDAN",
        89_000,
        &[g("HI", 2016, 2022), cur("RS4", 2022)],
        &["3.3T Premium", "3.5T", "5.0 Ultimate"],
    ),
    m(
        "GV60",
        "CROSSOVER",
        53_000,
        &[cur("JW", 2021)],
        &["Standard", "Advanced", "Performance"],
    ),
    m(
        "GV70",
        "SUV",
        47_000,
        &[cur("JK1", 2020)],
        &[
            "2.5T Standard",
            "2.5T Sport Prestige",
            "3.5T Sport",
            "Electrified",
        ],
    ),
    m(
        "GV80",
        "SUV",
        58_000,
        &[cur("JX1", 2020)],
        &["2.5T Standard", "3.5T Advanced", "3.5T Prestige"],
    ),
    m(
        "GV80 Coupe",
        "SUV",
        75_000,
        &[cur("JX1", 2023)],
        &["2.5T", "3.5T", "3.5T E-Supercharger"],
    ),
];

static FORD: &[ModelSpec] = &[
    m(
        "F-150",
        "PICKUP",
        36_000,
        &[
            g("P415", 2009, 2014),
            g("P552", 2015, 2020),
            cur("P702", 2021),
        ],
        &["XL", "XLT", "Lariat", "Raptor"],
    ),
    m(
        "Ranger",
        "PICKUP",
        33_000,
        &[g("PX", 2011, 2022), cur("P703", 2022)],
        &["XL", "XLT", "Wildtrak", "Raptor"],
    ),
    m(
        "Mustang",
        "COUPE",
        31_000,
        &[
            g("S197", 2005, 2014),
            g("S550", 2015, 2023),
            cur("S650", 2024),
        ],
        &["EcoBoost", "GT", "Dark Horse"],
    ),
    m(
        "Explorer",
        "SUV",
        38_000,
        &[g("U502", 2011, 2019), cur("U625", 2020)],
        &["Base", "XLT", "Limited", "ST"],
    ),
    m(
        "Escape",
        "CROSSOVER",
        29_000,
        &[g("C520", 2013, 2019), cur("CX482", 2020)],
        &["S", "SE", "SEL", "Titanium"],
    ),
    m(
        "Bronco",
        "OFFROAD",
        40_000,
        &[cur("U725", 2021)],
        &["Base", "Big Bend", "Badlands", "Wildtrak"],
    ),
    m(
        "Everest",
        "SUV",
        45_000,
        &[g("UA", 2015, 2022), cur("U704", 2022)],
        &["Ambiente", "Trend", "Sport", "Titanium"],
    ),
    m(
        "Transit",
        "VAN",
        48_000,
        &[cur("V363", 2013)],
        &["Cargo Van", "Passenger Van XL", "Passenger Van XLT"],
    ),
    m(
        "Focus",
        "HATCHBACK",
        20_000,
        &[g("C346", 2010, 2018), g("C519", 2018, 2025)],
        &["S", "SE", "Titanium", "ST"],
    ),
    m(
        "Fiesta",
        "HATCHBACK",
        16_000,
        &[g("B299", 2008, 2017), g("B479", 2017, 2023)],
        &["S", "SE", "Titanium", "ST"],
    ),
    m(
        "Maverick",
        "PICKUP",
        24_000,
        &[cur("P758", 2021)],
        &["XL", "XLT", "Lariat"],
    ),
    m(
        "Mustang Mach-E",
        "CROSSOVER",
        40_000,
        &[cur("First generation", 2020)],
        &["Select", "Premium", "GT"],
    ),
];

static CHEVROLET: &[ModelSpec] = &[
    m(
        "Silverado 1500",
        "PICKUP",
        38_000,
        &[
            g("GMT900", 2007, 2013),
            g("K2XX", 2014, 2018),
            cur("T1XX", 2019),
        ],
        &["WT", "LT", "RST", "High Country"],
    ),
    m(
        "Colorado",
        "PICKUP",
        30_000,
        &[g("RG", 2012, 2022), cur("31XX", 2023)],
        &["WT", "LT", "Z71", "ZR2"],
    ),
    m(
        "Tahoe",
        "SUV",
        58_000,
        &[
            g("GMT900", 2007, 2014),
            g("K2UC", 2015, 2020),
            cur("T1UC", 2021),
        ],
        &["LS", "LT", "RST", "Premier"],
    ),
    m(
        "Suburban",
        "SUV",
        61_000,
        &[
            g("GMT900", 2007, 2014),
            g("K2YC", 2015, 2020),
            cur("T1YC", 2021),
        ],
        &["LS", "LT", "Premier", "High Country"],
    ),
    m(
        "Equinox",
        "CROSSOVER",
        28_000,
        &[
            g("Second generation", 2010, 2017),
            g("Third generation", 2018, 2024),
            cur("Fourth generation", 2025),
        ],
        &["LS", "LT", "RS", "Premier"],
    ),
    m(
        "Malibu",
        "SEDAN",
        25_000,
        &[
            g("Eighth generation", 2013, 2015),
            g("Ninth generation", 2016, 2025),
        ],
        &["LS", "RS", "LT", "2LT"],
    ),
    m(
        "Camaro",
        "SPORTS",
        32_000,
        &[
            g("Fifth generation", 2010, 2015),
            g("Sixth generation", 2016, 2024),
        ],
        &["LS", "LT", "SS", "ZL1"],
    ),
    m(
        "Corvette",
        "SPORTS",
        68_000,
        &[g("C6", 2005, 2013), g("C7", 2014, 2019), cur("C8", 2020)],
        &["Stingray", "Z06", "E-Ray"],
    ),
    m(
        "Spark",
        "HATCHBACK",
        14_000,
        &[g("M300", 2010, 2015), g("M400", 2016, 2022)],
        &["LS", "LT", "Activ"],
    ),
    m(
        "Traverse",
        "SUV",
        37_000,
        &[
            g("First generation", 2009, 2017),
            g("Second generation", 2018, 2023),
            cur("Third generation", 2024),
        ],
        &["LS", "LT", "Z71", "RS"],
    ),
    m(
        "Trailblazer",
        "CROSSOVER",
        23_000,
        &[cur("Third generation", 2020)],
        &["LS", "LT", "Activ", "RS"],
    ),
];

static JEEP: &[ModelSpec] = &[
    m(
        "Wrangler",
        "OFFROAD",
        33_000,
        &[g("JK", 2007, 2018), cur("JL", 2018)],
        &["Sport", "Sahara", "Rubicon"],
    ),
    m(
        "Grand Cherokee",
        "SUV",
        40_000,
        &[g("WK", 2005, 2010), g("WK2", 2011, 2021), cur("WL", 2022)],
        &["Laredo", "Limited", "Overland", "Summit"],
    ),
    m(
        "Cherokee",
        "CROSSOVER",
        30_000,
        &[g("KL", 2014, 2023)],
        &["Latitude", "Limited", "Trailhawk"],
    ),
    m(
        "Compass",
        "CROSSOVER",
        28_000,
        &[g("MK", 2007, 2016), cur("MP", 2016)],
        &["Sport", "Latitude", "Limited", "Trailhawk"],
    ),
    m(
        "Renegade",
        "CROSSOVER",
        26_000,
        &[cur("BU", 2014)],
        &["Sport", "Latitude", "Limited", "Trailhawk"],
    ),
    m(
        "Gladiator",
        "PICKUP",
        39_000,
        &[cur("JT", 2019)],
        &["Sport", "Overland", "Rubicon", "Mojave"],
    ),
    m(
        "Wagoneer",
        "SUV",
        60_000,
        &[cur("WS", 2021)],
        &["Series I", "Series II", "Series III"],
    ),
    m(
        "Grand Wagoneer",
        "SUV",
        90_000,
        &[cur("WS", 2021)],
        &["Series I", "Series II", "Series III", "Obsidian"],
    ),
    m(
        "Commander",
        "SUV",
        30_000,
        &[g("XK", 2005, 2010)],
        &["Sport", "Limited", "Overland"],
    ),
    m(
        "Patriot",
        "CROSSOVER",
        20_000,
        &[g("MK74", 2007, 2017)],
        &["Sport", "Latitude", "Limited"],
    ),
];

static TESLA: &[ModelSpec] = &[
    m(
        "Model S",
        "SEDAN",
        75_000,
        &[
            g("Original", 2012, 2016),
            g("Facelift", 2016, 2021),
            cur("Palladium", 2021),
        ],
        &["Long Range", "Plaid"],
    ),
    m(
        "Model 3",
        "SEDAN",
        42_000,
        &[g("Original", 2017, 2023), cur("Highland", 2023)],
        &["Standard", "Long Range", "Performance"],
    ),
    m(
        "Model X",
        "SUV",
        80_000,
        &[g("Original", 2015, 2021), cur("Palladium", 2021)],
        &["Long Range", "Plaid"],
    ),
    m(
        "Model Y",
        "CROSSOVER",
        45_000,
        &[g("Original", 2020, 2025), cur("Juniper", 2025)],
        &["Standard", "Long Range", "Performance"],
    ),
    m(
        "Cybertruck",
        "PICKUP",
        80_000,
        &[cur("First generation", 2023)],
        &["Long Range", "All-Wheel Drive", "Cyberbeast"],
    ),
    m(
        "Roadster",
        "SPORTS",
        109_000,
        &[g("Roadster 1.5", 2008, 2010), g("Roadster 2.5", 2010, 2012)],
        &["Base", "Sport"],
    ),
];

static RIVIAN: &[ModelSpec] = &[
    m(
        "R1T",
        "PICKUP",
        70_000,
        &[g("Gen 1", 2021, 2024), cur("Gen 2", 2024)],
        &["Dual Standard", "Dual Large", "Tri Max", "Quad"],
    ),
    m(
        "R1S",
        "SUV",
        76_000,
        &[g("Gen 1", 2022, 2024), cur("Gen 2", 2024)],
        &["Dual Standard", "Dual Large", "Tri Max", "Quad"],
    ),
    m(
        "R2",
        "CROSSOVER",
        45_000,
        &[cur("First generation", 2026)],
        &["Launch Edition", "Dual Motor"],
    ),
    m(
        "EDV",
        "VAN",
        83_000,
        &[cur("First generation", 2021)],
        &["EDV 500", "EDV 700"],
    ),
];

static LUCID: &[ModelSpec] = &[
    m(
        "Air",
        "SEDAN",
        70_000,
        &[cur("First generation", 2021)],
        &["Pure", "Touring", "Grand Touring", "Sapphire"],
    ),
    m(
        "Gravity",
        "SUV",
        80_000,
        &[cur("First generation", 2024)],
        &["Touring", "Grand Touring"],
    ),
];

static DODGE: &[ModelSpec] = &[
    m(
        "Charger",
        "SEDAN",
        35_000,
        &[g("LX", 2005, 2010), g("LD", 2011, 2023), cur("LB", 2024)],
        &["SXT", "GT", "R/T", "Scat Pack"],
    ),
    m(
        "Challenger",
        "COUPE",
        35_000,
        &[g("LC", 2008, 2023)],
        &["SXT", "GT", "R/T", "SRT Hellcat"],
    ),
    m(
        "Durango",
        "SUV",
        40_000,
        &[cur("WD", 2011)],
        &["SXT", "GT", "R/T", "SRT 392"],
    ),
    m(
        "Journey",
        "CROSSOVER",
        25_000,
        &[g("JC", 2008, 2020)],
        &["SE", "SXT", "Crossroad", "GT"],
    ),
    m(
        "Grand Caravan",
        "MINIVAN",
        28_000,
        &[g("RT", 2008, 2020)],
        &["SE", "SXT", "GT"],
    ),
    m(
        "Dart",
        "SEDAN",
        18_000,
        &[g("PF", 2012, 2016)],
        &["SE", "SXT", "GT"],
    ),
    m(
        "Viper",
        "SPORTS",
        95_000,
        &[g("ZB II", 2008, 2010), g("VX", 2013, 2017)],
        &["SRT", "GTS", "ACR"],
    ),
    m(
        "Hornet",
        "CROSSOVER",
        30_000,
        &[cur("First generation", 2023)],
        &["GT", "GT Plus", "R/T"],
    ),
    m(
        "Avenger",
        "SEDAN",
        20_000,
        &[g("JS", 2007, 2014)],
        &["SE", "SXT", "R/T"],
    ),
    m(
        "Nitro",
        "SUV",
        22_000,
        &[g("KA", 2007, 2011)],
        &["SE", "SXT", "R/T"],
    ),
];

static RAM: &[ModelSpec] = &[
    m(
        "1500",
        "PICKUP",
        40_000,
        &[g("DS", 2009, 2018), cur("DT", 2019)],
        &["Tradesman", "Big Horn", "Laramie", "Rebel"],
    ),
    m(
        "1500 Classic",
        "PICKUP",
        35_000,
        &[g("DS", 2019, 2024)],
        &["Tradesman", "Warlock", "Express"],
    ),
    m(
        "2500",
        "PICKUP",
        46_000,
        &[
            g("Fourth generation", 2010, 2018),
            cur("Fifth generation", 2019),
        ],
        &["Tradesman", "Big Horn", "Laramie", "Power Wagon"],
    ),
    m(
        "3500",
        "PICKUP",
        50_000,
        &[
            g("Fourth generation", 2010, 2018),
            cur("Fifth generation", 2019),
        ],
        &["Tradesman", "Big Horn", "Laramie", "Limited"],
    ),
    m(
        "ProMaster",
        "VAN",
        45_000,
        &[cur("VF", 2014)],
        &["Cargo Van", "Window Van", "Chassis Cab"],
    ),
    m(
        "ProMaster City",
        "VAN",
        32_000,
        &[g("First generation", 2015, 2022)],
        &["Tradesman", "SLT", "Wagon"],
    ),
    m(
        "Dakota",
        "PICKUP",
        24_000,
        &[g("ND", 2005, 2011)],
        &["ST", "SXT", "SLT", "Laramie"],
    ),
    m(
        "Rampage",
        "PICKUP",
        32_000,
        &[cur("First generation", 2023)],
        &["Big Horn", "Laramie", "Rebel", "R/T"],
    ),
];

static GMC: &[ModelSpec] = &[
    m(
        "Sierra 1500",
        "PICKUP",
        40_000,
        &[
            g("GMT900", 2007, 2013),
            g("K2XX", 2014, 2018),
            cur("T1XX", 2019),
        ],
        &["Pro", "SLE", "SLT", "Denali"],
    ),
    m(
        "Sierra HD",
        "PICKUP",
        48_000,
        &[g("K2XX", 2015, 2019), cur("T1XX", 2020)],
        &["Pro", "SLE", "AT4", "Denali"],
    ),
    m(
        "Canyon",
        "PICKUP",
        38_000,
        &[
            g("Second generation", 2015, 2022),
            cur("Third generation", 2023),
        ],
        &["Elevation", "AT4", "Denali", "AT4X"],
    ),
    m(
        "Yukon",
        "SUV",
        60_000,
        &[
            g("GMT900", 2007, 2014),
            g("K2XX", 2015, 2020),
            cur("T1XX", 2021),
        ],
        &["SLE", "SLT", "AT4", "Denali"],
    ),
    m(
        "Yukon XL",
        "SUV",
        63_000,
        &[
            g("GMT900", 2007, 2014),
            g("K2XX", 2015, 2020),
            cur("T1XX", 2021),
        ],
        &["SLE", "SLT", "AT4", "Denali"],
    ),
    m(
        "Acadia",
        "SUV",
        40_000,
        &[
            g("First generation", 2007, 2016),
            g("Second generation", 2017, 2023),
            cur("Third generation", 2024),
        ],
        &["SLE", "SLT", "AT4", "Denali"],
    ),
    m(
        "Terrain",
        "CROSSOVER",
        30_000,
        &[
            g("First generation", 2010, 2017),
            g("Second generation", 2018, 2024),
            cur("Third generation", 2025),
        ],
        &["SLE", "SLT", "AT4", "Denali"],
    ),
    m(
        "Hummer EV",
        "PICKUP",
        97_000,
        &[cur("First generation", 2021)],
        &["EV2", "EV2X", "EV3X", "Edition 1"],
    ),
    m(
        "Sierra EV",
        "PICKUP",
        90_000,
        &[cur("First generation", 2024)],
        &["Elevation", "AT4", "Denali"],
    ),
];

static CADILLAC: &[ModelSpec] = &[
    m(
        "Escalade",
        "SUV",
        82_000,
        &[
            g("GMT900", 2007, 2014),
            g("K2XL", 2015, 2020),
            cur("T1XL", 2021),
        ],
        &["Luxury", "Premium Luxury", "Sport Platinum", "V"],
    ),
    m(
        "CT4",
        "SEDAN",
        35_000,
        &[cur("First generation", 2019)],
        &["Luxury", "Sport", "V-Series"],
    ),
    m(
        "CT5",
        "SEDAN",
        40_000,
        &[cur("First generation", 2019)],
        &["Luxury", "Premium Luxury", "Sport", "V-Series"],
    ),
    m(
        "CTS",
        "SEDAN",
        45_000,
        &[
            g("Second generation", 2008, 2013),
            g("Third generation", 2014, 2019),
        ],
        &["Luxury", "Premium", "V-Sport"],
    ),
    m(
        "ATS",
        "SEDAN",
        35_000,
        &[g("First generation", 2013, 2019)],
        &["Standard", "Luxury", "Premium", "V"],
    ),
    m(
        "XT4",
        "CROSSOVER",
        37_000,
        &[g("First generation", 2019, 2025)],
        &["Luxury", "Premium Luxury", "Sport"],
    ),
    m(
        "XT5",
        "CROSSOVER",
        45_000,
        &[g("First generation", 2016, 2025)],
        &["Luxury", "Premium Luxury", "Sport"],
    ),
    m(
        "XT6",
        "SUV",
        50_000,
        &[g("First generation", 2019, 2025)],
        &["Luxury", "Premium Luxury", "Sport"],
    ),
    m(
        "Lyriq",
        "CROSSOVER",
        58_000,
        &[cur("First generation", 2022)],
        &["Tech", "Luxury", "Sport"],
    ),
    m(
        "SRX",
        "CROSSOVER",
        38_000,
        &[g("Second generation", 2010, 2016)],
        &["Base", "Luxury", "Performance", "Premium"],
    ),
];

static LINCOLN: &[ModelSpec] = &[
    m(
        "Navigator",
        "SUV",
        80_000,
        &[
            g("Third generation", 2007, 2017),
            g("Fourth generation", 2018, 2024),
            cur("Fifth generation", 2025),
        ],
        &["Premiere", "Reserve", "Black Label"],
    ),
    m(
        "Aviator",
        "SUV",
        55_000,
        &[cur("U611", 2020)],
        &["Base", "Reserve", "Black Label", "Grand Touring"],
    ),
    m(
        "Nautilus",
        "CROSSOVER",
        50_000,
        &[
            g("First generation", 2019, 2023),
            cur("Second generation", 2024),
        ],
        &["Premiere", "Reserve", "Black Label"],
    ),
    m(
        "Corsair",
        "CROSSOVER",
        40_000,
        &[cur("First generation", 2019)],
        &["Premiere", "Reserve", "Grand Touring"],
    ),
    m(
        "MKZ",
        "SEDAN",
        36_000,
        &[g("Second generation", 2013, 2020)],
        &["Base", "Select", "Reserve", "Black Label"],
    ),
    m(
        "Continental",
        "SEDAN",
        47_000,
        &[g("Tenth generation", 2017, 2020)],
        &["Premiere", "Select", "Reserve", "Black Label"],
    ),
    m(
        "MKX",
        "CROSSOVER",
        40_000,
        &[
            g("First generation", 2007, 2015),
            g("Second generation", 2016, 2018),
        ],
        &["Premiere", "Select", "Reserve"],
    ),
];

static CHRYSLER: &[ModelSpec] = &[
    m(
        "300",
        "SEDAN",
        35_000,
        &[g("LX", 2005, 2010), g("LD", 2011, 2023)],
        &["Touring", "Limited", "300S", "300C"],
    ),
    m(
        "Pacifica",
        "MINIVAN",
        40_000,
        &[cur("RU", 2017)],
        &["Touring", "Touring L", "Limited", "Pinnacle"],
    ),
    m(
        "Town & Country",
        "MINIVAN",
        30_000,
        &[g("RT", 2008, 2016)],
        &["Touring", "Touring-L", "Limited"],
    ),
    m(
        "200",
        "SEDAN",
        23_000,
        &[g("JS", 2011, 2014), g("UF", 2015, 2017)],
        &["LX", "Limited", "S", "C"],
    ),
    m(
        "Voyager",
        "MINIVAN",
        33_000,
        &[cur("RU", 2020)],
        &["LX", "LXi"],
    ),
    m(
        "Sebring",
        "SEDAN",
        20_000,
        &[g("JS", 2007, 2010)],
        &["LX", "Touring", "Limited"],
    ),
];

static BMW: &[ModelSpec] = &[
    m(
        "3 Series",
        "SEDAN",
        44_000,
        &[g("E90", 2005, 2011), g("F30", 2011, 2019), cur("G20", 2019)],
        &["320i", "330i", "330e", "M340i"],
    ),
    m(
        "5 Series",
        "SEDAN",
        57_000,
        &[g("F10", 2010, 2017), g("G30", 2017, 2023), cur("G60", 2023)],
        &["520i", "530i", "530e", "540i"],
    ),
    m(
        "7 Series",
        "SEDAN",
        95_000,
        &[g("F01", 2008, 2015), g("G11", 2015, 2022), cur("G70", 2022)],
        &["740i", "760i xDrive", "i7 eDrive50"],
    ),
    m(
        "X1",
        "CROSSOVER",
        40_000,
        &[g("E84", 2009, 2015), g("F48", 2015, 2022), cur("U11", 2022)],
        &["sDrive18i", "xDrive28i", "M35i"],
    ),
    m(
        "X3",
        "SUV",
        49_000,
        &[g("F25", 2010, 2017), g("G01", 2017, 2024), cur("G45", 2024)],
        &["sDrive30i", "xDrive30i", "M40i"],
    ),
    m(
        "X5",
        "SUV",
        65_000,
        &[g("E70", 2006, 2013), g("F15", 2013, 2018), cur("G05", 2018)],
        &["xDrive40i", "xDrive50e", "M60i"],
    ),
    m(
        "X7",
        "SUV",
        82_000,
        &[cur("G07", 2018)],
        &["xDrive40i", "M60i", "Alpina XB7"],
    ),
    m(
        "4 Series",
        "COUPE",
        48_000,
        &[g("F32", 2013, 2020), cur("G22", 2020)],
        &["420i", "430i", "M440i"],
    ),
    m(
        "M3",
        "SPORTS",
        76_000,
        &[
            g("E90/E92", 2007, 2013),
            g("F80", 2014, 2018),
            cur("G80", 2020),
        ],
        &["Base", "Competition", "CS"],
    ),
    m(
        "Z4",
        "CONVERTIBLE",
        54_000,
        &[g("E89", 2009, 2016), cur("G29", 2018)],
        &["sDrive30i", "M40i"],
    ),
    m(
        "i4",
        "SEDAN",
        57_000,
        &[cur("G26", 2021)],
        &["eDrive35", "eDrive40", "M50"],
    ),
];

static MERCEDES_BENZ: &[ModelSpec] = &[
    m(
        "C-Class",
        "SEDAN",
        47_000,
        &[
            g("W204", 2007, 2014),
            g("W205", 2014, 2021),
            cur("W206", 2021),
        ],
        &["C 200", "C 300", "AMG C 43"],
    ),
    m(
        "E-Class",
        "SEDAN",
        62_000,
        &[
            g("W212", 2009, 2016),
            g("W213", 2016, 2023),
            cur("W214", 2023),
        ],
        &["E 200", "E 350", "E 450 4MATIC", "AMG E 53"],
    ),
    m(
        "S-Class",
        "SEDAN",
        118_000,
        &[
            g("W221", 2005, 2013),
            g("W222", 2013, 2020),
            cur("W223", 2020),
        ],
        &["S 500", "S 580", "Maybach S 680"],
    ),
    m(
        "A-Class",
        "HATCHBACK",
        35_000,
        &[g("W176", 2012, 2018), cur("W177", 2018)],
        &["A 180", "A 200", "A 250", "AMG A 35"],
    ),
    m(
        "GLA",
        "CROSSOVER",
        42_000,
        &[g("X156", 2013, 2019), cur("H247", 2020)],
        &["GLA 200", "GLA 250", "AMG GLA 35"],
    ),
    m(
        "GLC",
        "SUV",
        49_000,
        &[g("X253", 2015, 2022), cur("X254", 2022)],
        &["GLC 200", "GLC 300", "AMG GLC 43"],
    ),
    m(
        "GLE",
        "SUV",
        62_000,
        &[g("W166", 2011, 2019), cur("V167", 2019)],
        &["GLE 350", "GLE 450", "AMG GLE 53"],
    ),
    m(
        "G-Class",
        "OFFROAD",
        145_000,
        &[cur("W463A", 2018)],
        &["G 550", "AMG G 63", "G 580 with EQ Technology"],
    ),
    m(
        "Sprinter",
        "VAN",
        50_000,
        &[g("NCV3", 2006, 2018), cur("VS30", 2018)],
        &["Cargo Van", "Crew Van", "Passenger Van"],
    ),
    m(
        "EQS",
        "SEDAN",
        105_000,
        &[cur("V297", 2021)],
        &["EQS 450+", "EQS 580 4MATIC", "AMG EQS"],
    ),
    m(
        "V-Class",
        "MINIVAN",
        60_000,
        &[cur("W447", 2014)],
        &["V 220 d", "V 250", "V 300 d"],
    ),
];

static AUDI: &[ModelSpec] = &[
    m(
        "A3",
        "SEDAN",
        35_000,
        &[g("8V", 2012, 2020), cur("8Y", 2020)],
        &["Premium", "Premium Plus", "Prestige"],
    ),
    m(
        "A4",
        "SEDAN",
        43_000,
        &[g("B8", 2007, 2015), g("B9", 2015, 2024)],
        &["Premium", "Premium Plus", "Prestige"],
    ),
    m(
        "A6",
        "SEDAN",
        58_000,
        &[g("C7", 2011, 2018), cur("C8", 2018)],
        &["Premium", "Premium Plus", "Prestige"],
    ),
    m(
        "A8",
        "SEDAN",
        90_000,
        &[g("D4", 2010, 2017), cur("D5", 2017)],
        &["55 TFSI quattro", "60 TFSI e quattro"],
    ),
    m(
        "A5",
        "COUPE",
        46_000,
        &[g("8T", 2007, 2016), g("F5", 2016, 2024)],
        &["Premium", "Premium Plus", "Prestige"],
    ),
    m(
        "Q3",
        "CROSSOVER",
        38_000,
        &[
            g("8U", 2011, 2018),
            g("F3", 2018, 2025),
            cur("Third generation", 2025),
        ],
        &["Premium", "Premium Plus", "S line"],
    ),
    m(
        "Q5",
        "SUV",
        46_000,
        &[g("8R", 2008, 2017), g("FY", 2017, 2024), cur("GU", 2024)],
        &["Premium", "Premium Plus", "Prestige"],
    ),
    m(
        "Q7",
        "SUV",
        60_000,
        &[g("4L", 2005, 2015), cur("4M", 2015)],
        &["Premium", "Premium Plus", "Prestige"],
    ),
    m(
        "Q8",
        "SUV",
        73_000,
        &[cur("4M", 2018)],
        &["Premium", "Premium Plus", "Prestige"],
    ),
    m(
        "TT",
        "SPORTS",
        50_000,
        &[g("8J", 2006, 2014), g("8S", 2014, 2023)],
        &["45 TFSI", "TTS", "TT RS"],
    ),
    m(
        "e-tron GT",
        "SEDAN",
        106_000,
        &[cur("F8", 2021)],
        &["Premium Plus", "Prestige", "RS"],
    ),
    m(
        "Q4 e-tron",
        "CROSSOVER",
        50_000,
        &[cur("F4", 2021)],
        &["Premium", "Premium Plus", "Prestige"],
    ),
];

static VOLKSWAGEN: &[ModelSpec] = &[
    m(
        "Golf",
        "HATCHBACK",
        26_000,
        &[g("Mk6", 2008, 2012), g("Mk7", 2012, 2019), cur("Mk8", 2019)],
        &["Life", "Style", "GTI", "R"],
    ),
    m(
        "Polo",
        "HATCHBACK",
        18_000,
        &[g("6R", 2009, 2017), cur("AW", 2017)],
        &["Trendline", "Comfortline", "Highline", "GTI"],
    ),
    m(
        "Passat",
        "SEDAN",
        28_000,
        &[
            g("B6", 2005, 2010),
            g("B7", 2010, 2015),
            g("B8", 2014, 2023),
        ],
        &["S", "SE", "SEL"],
    ),
    m(
        "Jetta",
        "SEDAN",
        22_000,
        &[g("A5", 2005, 2010), g("A6", 2010, 2018), cur("A7", 2018)],
        &["S", "Sport", "SE", "GLI"],
    ),
    m(
        "Tiguan",
        "CROSSOVER",
        30_000,
        &[
            g("5N", 2007, 2016),
            g("AD1", 2016, 2024),
            cur("Third generation", 2024),
        ],
        &["S", "SE", "SEL R-Line"],
    ),
    m(
        "Touareg",
        "SUV",
        60_000,
        &[g("7P", 2010, 2018), cur("CR", 2018)],
        &["Life", "Elegance", "R-Line"],
    ),
    m(
        "Atlas",
        "SUV",
        38_000,
        &[cur("CA1", 2017)],
        &["SE", "SE with Technology", "SEL", "SEL Premium R-Line"],
    ),
    m(
        "Amarok",
        "PICKUP",
        40_000,
        &[g("2H", 2010, 2022), cur("Second generation", 2022)],
        &["Life", "Style", "PanAmericana", "Aventura"],
    ),
    m(
        "ID.4",
        "CROSSOVER",
        40_000,
        &[cur("E21", 2020)],
        &["Pro", "Pro S", "Pro S Plus"],
    ),
    m(
        "Transporter",
        "VAN",
        40_000,
        &[g("T6", 2015, 2019), g("T6.1", 2019, 2024), cur("T7", 2024)],
        &["Panel Van", "Kombi", "Caravelle"],
    ),
    m(
        "T-Roc",
        "CROSSOVER",
        28_000,
        &[cur("A11", 2017)],
        &["Life", "Style", "R-Line"],
    ),
    m(
        "Arteon",
        "SEDAN",
        45_000,
        &[g("3H", 2017, 2024)],
        &["SE", "SEL R-Line"],
    ),
];

static PORSCHE: &[ModelSpec] = &[
    m(
        "911",
        "SPORTS",
        115_000,
        &[g("997", 2005, 2012), g("991", 2011, 2019), cur("992", 2019)],
        &["Carrera", "Carrera S", "Turbo S", "GT3"],
    ),
    m(
        "Cayenne",
        "SUV",
        86_000,
        &[g("92A", 2010, 2017), cur("9YA", 2017)],
        &["Base", "S", "GTS", "Turbo"],
    ),
    m(
        "Cayenne Coupe",
        "SUV",
        90_000,
        &[cur("9YB", 2019)],
        &["Base", "S", "GTS", "Turbo GT"],
    ),
    m(
        "Macan",
        "CROSSOVER",
        62_000,
        &[g("95B", 2014, 2025), cur("Second generation", 2024)],
        &["Base", "S", "GTS", "Turbo"],
    ),
    m(
        "Panamera",
        "SEDAN",
        99_000,
        &[g("970", 2009, 2016), g("971", 2016, 2023), cur("976", 2023)],
        &["Base", "4", "4 E-Hybrid", "Turbo"],
    ),
    m(
        "Taycan",
        "SEDAN",
        99_000,
        &[cur("J1", 2019)],
        &["Base", "4S", "GTS", "Turbo S"],
    ),
    m(
        "Cayman",
        "SPORTS",
        68_000,
        &[g("987", 2005, 2012), g("981", 2012, 2016), cur("982", 2016)],
        &["Base", "S", "GTS 4.0", "GT4"],
    ),
    m(
        "Boxster",
        "CONVERTIBLE",
        70_000,
        &[g("987", 2005, 2012), g("981", 2012, 2016), cur("982", 2016)],
        &["Base", "S", "GTS 4.0", "Spyder"],
    ),
];

static OPEL: &[ModelSpec] = &[
    m(
        "Corsa",
        "HATCHBACK",
        18_000,
        &[
            g("Corsa D", 2006, 2014),
            g("Corsa E", 2014, 2019),
            cur("Corsa F", 2019),
        ],
        &["Edition", "Elegance", "GS"],
    ),
    m(
        "Astra",
        "HATCHBACK",
        24_000,
        &[
            g("Astra J", 2009, 2015),
            g("Astra K", 2015, 2021),
            cur("Astra L", 2021),
        ],
        &["Edition", "Elegance", "GS"],
    ),
    m(
        "Insignia",
        "SEDAN",
        30_000,
        &[g("Insignia A", 2008, 2017), g("Insignia B", 2017, 2022)],
        &["Edition", "Innovation", "GSi"],
    ),
    m(
        "Mokka",
        "CROSSOVER",
        24_000,
        &[g("Mokka A", 2012, 2019), cur("Mokka B", 2020)],
        &["Edition", "Elegance", "GS"],
    ),
    m(
        "Grandland",
        "CROSSOVER",
        32_000,
        &[
            g("First generation", 2017, 2024),
            cur("Second generation", 2024),
        ],
        &["Edition", "Elegance", "GS"],
    ),
    m(
        "Crossland",
        "CROSSOVER",
        22_000,
        &[g("First generation", 2017, 2024)],
        &["Edition", "Elegance", "GS Line"],
    ),
    m(
        "Zafira",
        "MINIVAN",
        26_000,
        &[g("Zafira B", 2005, 2014), g("Zafira C", 2011, 2019)],
        &["Enjoy", "Cosmo", "OPC"],
    ),
    m(
        "Vivaro",
        "VAN",
        30_000,
        &[g("Vivaro B", 2014, 2019), cur("Vivaro C", 2019)],
        &["Edition", "Sportive", "Elite"],
    ),
    m(
        "Combo",
        "VAN",
        22_000,
        &[g("Combo D", 2011, 2018), cur("Combo E", 2018)],
        &["Edition", "Enjoy", "Life"],
    ),
    m(
        "Adam",
        "HATCHBACK",
        14_000,
        &[g("First generation", 2012, 2019)],
        &["Jam", "Glam", "Slam", "Rocks"],
    ),
];

static VOLVO: &[ModelSpec] = &[
    m(
        "XC90",
        "SUV",
        58_000,
        &[cur("Second generation", 2014)],
        &["Core", "Plus", "Ultimate"],
    ),
    m(
        "XC60",
        "SUV",
        46_000,
        &[
            g("First generation", 2008, 2017),
            cur("Second generation", 2017),
        ],
        &["Core", "Plus", "Ultimate"],
    ),
    m(
        "XC40",
        "CROSSOVER",
        39_000,
        &[cur("First generation", 2017)],
        &["Core", "Plus", "Ultimate"],
    ),
    m(
        "S60",
        "SEDAN",
        44_000,
        &[
            g("Second generation", 2010, 2018),
            g("Third generation", 2018, 2024),
        ],
        &["Core", "Plus", "Ultimate"],
    ),
    m(
        "S90",
        "SEDAN",
        57_000,
        &[cur("Second generation", 2016)],
        &["Core", "Plus", "Ultimate"],
    ),
    m(
        "V60",
        "WAGON",
        47_000,
        &[
            g("First generation", 2010, 2018),
            cur("Second generation", 2018),
        ],
        &["Core", "Plus", "Ultimate"],
    ),
    m(
        "V90",
        "WAGON",
        58_000,
        &[cur("Second generation", 2016)],
        &["Cross Country", "Plus", "Ultimate"],
    ),
    m(
        "EX30",
        "CROSSOVER",
        35_000,
        &[cur("First generation", 2023)],
        &["Core", "Plus", "Ultra"],
    ),
    m(
        "EX90",
        "SUV",
        80_000,
        &[cur("First generation", 2024)],
        &["Plus", "Ultra"],
    ),
];

static POLESTAR: &[ModelSpec] = &[
    m(
        "Polestar 1",
        "COUPE",
        155_000,
        &[g("First generation", 2019, 2021)],
        &["Launch Edition", "BST Edition 270"],
    ),
    m(
        "Polestar 2",
        "SEDAN",
        50_000,
        &[g("Original", 2020, 2023), cur("Facelift", 2023)],
        &[
            "Standard Range Single Motor",
            "Long Range Single Motor",
            "Long Range Dual Motor",
            "Performance Pack",
        ],
    ),
    m(
        "Polestar 3",
        "SUV",
        73_000,
        &[cur("First generation", 2024)],
        &[
            "Long Range Single Motor",
            "Long Range Dual Motor",
            "Performance Pack",
        ],
    ),
    m(
        "Polestar 4",
        "CROSSOVER",
        55_000,
        &[cur("First generation", 2024)],
        &["Long Range Single Motor", "Long Range Dual Motor"],
    ),
];

static LAND_ROVER: &[ModelSpec] = &[
    m(
        "Defender",
        "OFFROAD",
        57_000,
        &[g("L316 Puma", 2007, 2016), cur("L663", 2019)],
        &["S", "SE", "X-Dynamic", "X"],
    ),
    m(
        "Discovery",
        "SUV",
        60_000,
        &[g("Discovery 4", 2009, 2016), cur("L462", 2017)],
        &["S", "Dynamic SE", "Dynamic HSE"],
    ),
    m(
        "Discovery Sport",
        "CROSSOVER",
        48_000,
        &[cur("L550", 2014)],
        &["S", "Dynamic SE"],
    ),
    m(
        "Range Rover",
        "SUV",
        105_000,
        &[g("L405", 2012, 2021), cur("L460", 2022)],
        &["SE", "HSE", "Autobiography", "SV"],
    ),
    m(
        "Range Rover Sport",
        "SUV",
        83_000,
        &[
            g("L320", 2005, 2013),
            g("L494", 2013, 2022),
            cur("L461", 2022),
        ],
        &["SE", "Dynamic SE", "Autobiography"],
    ),
    m(
        "Range Rover Evoque",
        "CROSSOVER",
        50_000,
        &[g("L538", 2011, 2018), cur("L551", 2019)],
        &["S", "Dynamic SE", "Dynamic HSE"],
    ),
    m(
        "Range Rover Velar",
        "SUV",
        62_000,
        &[cur("L560", 2017)],
        &["S", "Dynamic SE", "Dynamic HSE"],
    ),
    m(
        "Freelander",
        "SUV",
        35_000,
        &[g("L359", 2006, 2015)],
        &["S", "SE", "HSE"],
    ),
];

static JAGUAR: &[ModelSpec] = &[
    m(
        "XE",
        "SEDAN",
        45_000,
        &[g("X760", 2015, 2024)],
        &["S", "SE", "R-Dynamic SE"],
    ),
    m(
        "XF",
        "SEDAN",
        50_000,
        &[g("X250", 2007, 2015), g("X260", 2015, 2024)],
        &["Prestige", "R-Sport", "R-Dynamic SE"],
    ),
    m(
        "XJ",
        "SEDAN",
        80_000,
        &[g("X351", 2009, 2019)],
        &["Luxury", "Portfolio", "XJR"],
    ),
    m(
        "F-Type",
        "SPORTS",
        70_000,
        &[g("X152", 2013, 2024)],
        &["P300", "R-Dynamic", "R"],
    ),
    m(
        "F-Pace",
        "SUV",
        58_000,
        &[cur("X761", 2016)],
        &["Prestige", "R-Dynamic S", "SVR"],
    ),
    m(
        "E-Pace",
        "CROSSOVER",
        50_000,
        &[g("X540", 2017, 2024)],
        &["S", "SE", "R-Dynamic SE"],
    ),
    m(
        "I-Pace",
        "CROSSOVER",
        72_000,
        &[g("X590", 2018, 2024)],
        &["S", "SE", "HSE"],
    ),
    m(
        "XK",
        "COUPE",
        85_000,
        &[g("X150", 2006, 2014)],
        &["XK", "XKR", "XKR-S"],
    ),
];

static MINI: &[ModelSpec] = &[
    m(
        "Cooper 3-Door",
        "HATCHBACK",
        28_000,
        &[g("R56", 2006, 2013), g("F56", 2014, 2024), cur("F66", 2024)],
        &["Cooper", "Cooper S", "John Cooper Works"],
    ),
    m(
        "Cooper 5-Door",
        "HATCHBACK",
        29_000,
        &[g("F55", 2014, 2024), cur("F65", 2024)],
        &["Cooper", "Cooper S", "John Cooper Works"],
    ),
    m(
        "Convertible",
        "CONVERTIBLE",
        34_000,
        &[g("R57", 2009, 2015), g("F57", 2016, 2024), cur("F67", 2024)],
        &["Cooper", "Cooper S", "John Cooper Works"],
    ),
    m(
        "Clubman",
        "WAGON",
        32_000,
        &[g("R55", 2007, 2014), g("F54", 2015, 2024)],
        &["Cooper", "Cooper S", "John Cooper Works"],
    ),
    m(
        "Countryman",
        "CROSSOVER",
        38_000,
        &[g("R60", 2010, 2016), g("F60", 2017, 2023), cur("U25", 2023)],
        &["Cooper", "Cooper S ALL4", "John Cooper Works"],
    ),
    m(
        "Paceman",
        "CROSSOVER",
        28_000,
        &[g("R61", 2013, 2016)],
        &["Cooper", "Cooper S", "John Cooper Works"],
    ),
    m(
        "Coupe",
        "COUPE",
        26_000,
        &[g("R58", 2011, 2015)],
        &["Cooper", "Cooper S", "John Cooper Works"],
    ),
    m(
        "Roadster",
        "CONVERTIBLE",
        27_000,
        &[g("R59", 2012, 2015)],
        &["Cooper", "Cooper S", "John Cooper Works"],
    ),
    m(
        "Aceman",
        "CROSSOVER",
        38_000,
        &[cur("J05", 2024)],
        &["E", "SE", "John Cooper Works"],
    ),
];

static PEUGEOT: &[ModelSpec] = &[
    m(
        "208",
        "HATCHBACK",
        20_000,
        &[g("A9", 2012, 2019), cur("P21", 2019)],
        &["Active", "Allure", "GT"],
    ),
    m(
        "308",
        "HATCHBACK",
        26_000,
        &[g("T7", 2007, 2013), g("T9", 2013, 2021), cur("P5", 2021)],
        &["Active", "Allure", "GT"],
    ),
    m(
        "2008",
        "CROSSOVER",
        25_000,
        &[g("A94", 2013, 2019), cur("P24", 2019)],
        &["Active", "Allure", "GT"],
    ),
    m(
        "3008",
        "CROSSOVER",
        32_000,
        &[g("T84", 2008, 2016), g("P84", 2016, 2023), cur("P64", 2023)],
        &["Active", "Allure", "GT"],
    ),
    m(
        "5008",
        "SUV",
        36_000,
        &[
            g("T87", 2009, 2017),
            g("P87", 2017, 2023),
            cur("Third generation", 2024),
        ],
        &["Active", "Allure", "GT"],
    ),
    m(
        "508",
        "SEDAN",
        35_000,
        &[g("W2", 2010, 2018), g("R8", 2018, 2025)],
        &["Active", "Allure", "GT"],
    ),
    m(
        "Partner",
        "VAN",
        22_000,
        &[g("B9", 2008, 2018), cur("K9", 2018)],
        &["Professional", "Asphalt", "Grip"],
    ),
    m(
        "Landtrek",
        "PICKUP",
        30_000,
        &[cur("First generation", 2020)],
        &["Access", "Active", "Allure"],
    ),
    m(
        "Rifter",
        "MINIVAN",
        27_000,
        &[cur("K9", 2018)],
        &["Active", "Allure", "GT"],
    ),
];

static RENAULT: &[ModelSpec] = &[
    m(
        "Clio",
        "HATCHBACK",
        19_000,
        &[
            g("Clio III", 2005, 2012),
            g("Clio IV", 2012, 2019),
            cur("Clio V", 2019),
        ],
        &["Evolution", "Techno", "Esprit Alpine"],
    ),
    m(
        "Megane",
        "HATCHBACK",
        24_000,
        &[g("Megane III", 2008, 2016), g("Megane IV", 2016, 2024)],
        &["Life", "Zen", "GT Line", "R.S."],
    ),
    m(
        "Captur",
        "CROSSOVER",
        24_000,
        &[
            g("First generation", 2013, 2019),
            cur("Second generation", 2019),
        ],
        &["Evolution", "Techno", "Esprit Alpine"],
    ),
    m(
        "Kadjar",
        "CROSSOVER",
        27_000,
        &[g("First generation", 2015, 2022)],
        &["Life", "Zen", "GT Line"],
    ),
    m(
        "Koleos",
        "SUV",
        33_000,
        &[g("HY", 2008, 2016), g("HZG", 2016, 2023)],
        &["Life", "Zen", "Intens"],
    ),
    m(
        "Duster",
        "SUV",
        20_000,
        &[g("HS", 2010, 2017), g("HM", 2017, 2024), cur("RJI", 2024)],
        &["Expression", "Zen", "Intens"],
    ),
    m(
        "Kangoo",
        "VAN",
        25_000,
        &[g("X61", 2007, 2021), cur("Third generation", 2021)],
        &["Life", "Zen", "Maxi"],
    ),
    m(
        "Master",
        "VAN",
        38_000,
        &[g("X62", 2010, 2024), cur("Fourth generation", 2024)],
        &["Business", "Advance", "Extra"],
    ),
    m(
        "Kwid",
        "HATCHBACK",
        8_000,
        &[cur("First generation", 2015)],
        &["RXE", "RXL", "RXT", "Climber"],
    ),
    m(
        "Austral",
        "CROSSOVER",
        35_000,
        &[cur("First generation", 2022)],
        &["Techno", "Esprit Alpine", "Iconic"],
    ),
];

static CITROEN: &[ModelSpec] = &[
    m(
        "C3",
        "HATCHBACK",
        17_000,
        &[
            g("A51", 2009, 2016),
            g("B618", 2016, 2024),
            cur("Fourth generation", 2024),
        ],
        &["Live", "Feel", "Shine"],
    ),
    m(
        "C4",
        "HATCHBACK",
        24_000,
        &[g("B7", 2010, 2018), cur("C41", 2020)],
        &["Feel", "Shine", "Shine Plus"],
    ),
    m(
        "C5 Aircross",
        "CROSSOVER",
        30_000,
        &[g("C84", 2017, 2025), cur("Second generation", 2025)],
        &["Live", "Feel", "Shine"],
    ),
    m(
        "C3 Aircross",
        "CROSSOVER",
        22_000,
        &[
            g("First generation", 2017, 2024),
            cur("Second generation", 2024),
        ],
        &["Live", "Feel", "Shine"],
    ),
    m(
        "Berlingo",
        "VAN",
        24_000,
        &[g("B9", 2008, 2018), cur("K9", 2018)],
        &["Feel", "Shine", "XTR"],
    ),
    m(
        "C5",
        "SEDAN",
        28_000,
        &[g("X7", 2008, 2017)],
        &["Attraction", "Seduction", "Exclusive"],
    ),
    m(
        "C-Elysee",
        "SEDAN",
        15_000,
        &[g("First generation", 2012, 2022)],
        &["Live", "Feel", "Shine"],
    ),
    m(
        "Jumpy",
        "VAN",
        30_000,
        &[cur("K0", 2016)],
        &["Club", "Business", "Enterprise"],
    ),
    m(
        "C4 Picasso",
        "MINIVAN",
        26_000,
        &[
            g("First generation", 2006, 2013),
            g("Second generation", 2013, 2018),
        ],
        &["VTR", "Exclusive"],
    ),
];

static SKODA: &[ModelSpec] = &[
    m(
        "Octavia",
        "SEDAN",
        28_000,
        &[g("5E", 2012, 2020), cur("NX", 2020)],
        &["Ambition", "Style", "RS"],
    ),
    m(
        "Fabia",
        "HATCHBACK",
        18_000,
        &[g("5J", 2007, 2014), g("NJ", 2014, 2021), cur("PJ", 2021)],
        &["Active", "Ambition", "Style", "Monte Carlo"],
    ),
    m(
        "Superb",
        "SEDAN",
        35_000,
        &[g("3T", 2008, 2015), g("3V", 2015, 2023), cur("B9", 2023)],
        &["Ambition", "Style", "L&K", "Sportline"],
    ),
    m(
        "Kodiaq",
        "SUV",
        35_000,
        &[g("NS7", 2016, 2024), cur("Second generation", 2024)],
        &["Ambition", "Style", "Sportline", "RS"],
    ),
    m(
        "Karoq",
        "CROSSOVER",
        30_000,
        &[cur("NU7", 2017)],
        &["Ambition", "Style", "Sportline"],
    ),
    m(
        "Kamiq",
        "CROSSOVER",
        25_000,
        &[cur("NW4", 2019)],
        &["Ambition", "Style", "Monte Carlo"],
    ),
    m(
        "Scala",
        "HATCHBACK",
        24_000,
        &[cur("NW1", 2019)],
        &["Ambition", "Style", "Monte Carlo"],
    ),
    m(
        "Enyaq",
        "CROSSOVER",
        45_000,
        &[cur("First generation", 2020)],
        &["60", "85", "85x"],
    ),
    m(
        "Yeti",
        "CROSSOVER",
        22_000,
        &[g("5L", 2009, 2017)],
        &["Active", "Ambition", "Elegance"],
    ),
];

static FIAT: &[ModelSpec] = &[
    m(
        "500",
        "HATCHBACK",
        18_000,
        &[g("Type 312", 2007, 2024), cur("Type 332", 2020)],
        &["Pop", "Lounge", "Sport", "La Prima"],
    ),
    m(
        "Panda",
        "HATCHBACK",
        14_000,
        &[cur("Type 319", 2011)],
        &["Pop", "Easy", "City Cross", "4x4"],
    ),
    m(
        "Tipo",
        "SEDAN",
        20_000,
        &[cur("Type 356", 2015)],
        &["Easy", "Lounge", "Cross"],
    ),
    m(
        "500X",
        "CROSSOVER",
        25_000,
        &[g("Type 334", 2014, 2024)],
        &["Pop", "Sport", "Cross"],
    ),
    m(
        "Doblo",
        "VAN",
        22_000,
        &[g("Type 263", 2009, 2022), cur("K9", 2022)],
        &["Cargo", "Maxi", "Panorama"],
    ),
    m(
        "Ducato",
        "VAN",
        35_000,
        &[cur("Type 250", 2006)],
        &["Van", "Maxi", "Combi"],
    ),
    m(
        "Strada",
        "PICKUP",
        17_000,
        &[cur("Second generation", 2020)],
        &["Endurance", "Freedom", "Volcano", "Ranch"],
    ),
    m(
        "Fullback",
        "PICKUP",
        28_000,
        &[g("First generation", 2016, 2019)],
        &["SX", "LX", "Cross"],
    ),
    m(
        "Grande Punto",
        "HATCHBACK",
        15_000,
        &[g("Type 199", 2005, 2018)],
        &["Pop", "Easy", "Lounge"],
    ),
    m(
        "124 Spider",
        "CONVERTIBLE",
        27_000,
        &[g("Type 348", 2016, 2020)],
        &["Classica", "Lusso", "Abarth"],
    ),
];

static ALFA_ROMEO: &[ModelSpec] = &[
    m(
        "Giulia",
        "SEDAN",
        45_000,
        &[cur("Type 952", 2016)],
        &["Sprint", "Ti", "Veloce", "Quadrifoglio"],
    ),
    m(
        "Stelvio",
        "SUV",
        48_000,
        &[cur("Type 949", 2017)],
        &["Sprint", "Ti", "Veloce", "Quadrifoglio"],
    ),
    m(
        "Tonale",
        "CROSSOVER",
        42_000,
        &[cur("Type 965", 2022)],
        &["Sprint", "Ti", "Veloce"],
    ),
    m(
        "Giulietta",
        "HATCHBACK",
        28_000,
        &[g("Type 940", 2010, 2020)],
        &["Progression", "Distinctive", "Veloce"],
    ),
    m(
        "MiTo",
        "HATCHBACK",
        20_000,
        &[g("Type 955", 2008, 2018)],
        &["Progression", "Distinctive", "Quadrifoglio Verde"],
    ),
    m(
        "4C",
        "SPORTS",
        66_000,
        &[g("Type 960", 2013, 2020)],
        &["Coupe", "Spider", "Competizione"],
    ),
    m(
        "159",
        "SEDAN",
        35_000,
        &[g("Type 939", 2005, 2011)],
        &["Progression", "Distinctive", "TI"],
    ),
    m(
        "Brera",
        "COUPE",
        40_000,
        &[g("Type 939", 2005, 2010)],
        &["JTS", "Q4", "S"],
    ),
    m(
        "Junior",
        "CROSSOVER",
        32_000,
        &[cur("First generation", 2024)],
        &["Ibrida", "Elettrica", "Veloce"],
    ),
];

static SEAT: &[ModelSpec] = &[
    m(
        "Ibiza",
        "HATCHBACK",
        17_000,
        &[g("6J", 2008, 2017), cur("KJ", 2017)],
        &["Reference", "Style", "FR", "Xcellence"],
    ),
    m(
        "Leon",
        "HATCHBACK",
        24_000,
        &[g("1P", 2005, 2012), g("5F", 2012, 2020), cur("KL", 2020)],
        &["SE", "FR", "Xcellence"],
    ),
    m(
        "Arona",
        "CROSSOVER",
        22_000,
        &[cur("KJ7", 2017)],
        &["SE", "FR", "Xcellence"],
    ),
    m(
        "Ateca",
        "CROSSOVER",
        28_000,
        &[cur("KH7", 2016)],
        &["SE", "FR", "Xcellence"],
    ),
    m(
        "Tarraco",
        "SUV",
        35_000,
        &[g("KN2", 2018, 2024)],
        &["SE", "FR", "Xcellence"],
    ),
    m(
        "Alhambra",
        "MINIVAN",
        33_000,
        &[g("7N", 2010, 2020)],
        &["S", "SE", "Xcellence"],
    ),
    m(
        "Toledo",
        "SEDAN",
        18_000,
        &[g("NH", 2012, 2019)],
        &["S", "SE", "Style"],
    ),
    m(
        "Mii",
        "HATCHBACK",
        11_000,
        &[g("KF1", 2011, 2021)],
        &["Design", "Style", "FR-Line"],
    ),
    m(
        "Exeo",
        "SEDAN",
        25_000,
        &[g("3R", 2008, 2013)],
        &["S", "SE", "Sport"],
    ),
];

static DACIA: &[ModelSpec] = &[
    m(
        "Logan",
        "SEDAN",
        12_000,
        &[
            g("Second generation", 2012, 2020),
            cur("Third generation", 2020),
        ],
        &["Access", "Essential", "Expression"],
    ),
    m(
        "Sandero",
        "HATCHBACK",
        13_000,
        &[
            g("First generation", 2008, 2012),
            g("Second generation", 2012, 2020),
            cur("Third generation", 2020),
        ],
        &["Essential", "Expression", "Journey"],
    ),
    m(
        "Sandero Stepway",
        "CROSSOVER",
        16_000,
        &[
            g("Second generation", 2012, 2020),
            cur("Third generation", 2020),
        ],
        &["Essential", "Expression", "Extreme"],
    ),
    m(
        "Duster",
        "SUV",
        18_000,
        &[
            g("HS", 2010, 2017),
            g("HM", 2017, 2024),
            cur("Third generation", 2024),
        ],
        &["Essential", "Expression", "Journey", "Extreme"],
    ),
    m(
        "Jogger",
        "MINIVAN",
        19_000,
        &[cur("First generation", 2021)],
        &["Essential", "Expression", "Extreme"],
    ),
    m(
        "Spring",
        "HATCHBACK",
        17_000,
        &[cur("First generation", 2021)],
        &["Essential", "Expression", "Extreme"],
    ),
    m(
        "Lodgy",
        "MINIVAN",
        14_000,
        &[g("First generation", 2012, 2022)],
        &["Access", "Ambiance", "Laureate", "Stepway"],
    ),
    m(
        "Dokker",
        "VAN",
        13_000,
        &[g("First generation", 2012, 2021)],
        &["Access", "Ambiance", "Laureate"],
    ),
    m(
        "Bigster",
        "SUV",
        25_000,
        &[cur("First generation", 2025)],
        &["Essential", "Expression", "Journey", "Extreme"],
    ),
];

static BYD: &[ModelSpec] = &[
    m(
        "Atto 3",
        "CROSSOVER",
        38_000,
        &[cur("First generation", 2022)],
        &["Standard Range", "Extended Range"],
    ),
    m(
        "Seal",
        "SEDAN",
        45_000,
        &[cur("First generation", 2022)],
        &["Dynamic", "Premium", "Performance"],
    ),
    m(
        "Dolphin",
        "HATCHBACK",
        30_000,
        &[cur("First generation", 2021)],
        &["Active", "Boost", "Comfort", "Design"],
    ),
    m(
        "Han",
        "SEDAN",
        50_000,
        &[cur("First generation", 2020)],
        &["EV", "DM-i", "DM-p"],
    ),
    m(
        "Tang",
        "SUV",
        50_000,
        &[
            g("First generation", 2015, 2018),
            cur("Second generation", 2018),
        ],
        &["EV", "DM-i", "DM-p"],
    ),
    m(
        "Song Plus",
        "CROSSOVER",
        30_000,
        &[cur("First generation", 2020)],
        &["DM-i", "EV", "Flagship"],
    ),
    m(
        "Seal U",
        "CROSSOVER",
        40_000,
        &[cur("First generation", 2023)],
        &["Comfort", "Design", "DM-i Boost"],
    ),
    m(
        "Shark",
        "PICKUP",
        45_000,
        &[cur("First generation", 2024)],
        &["Dynamic", "Premium"],
    ),
    m(
        "e6",
        "MINIVAN",
        35_000,
        &[
            g("First generation", 2010, 2018),
            cur("Second generation", 2021),
        ],
        &["Standard", "Premium"],
    ),
    m(
        "Qin Plus",
        "SEDAN",
        20_000,
        &[cur("First generation", 2021)],
        &["DM-i", "EV", "Champion Edition"],
    ),
];

pub static PLACES: &[Place] = &[
    Place {
        address: "123 Moi Avenue, Nairobi",
        location_name: "Nairobi",
    },
    Place {
        address: "45 Waiyaki Way, Westlands, Nairobi",
        location_name: "Westlands",
    },
    Place {
        address: "8 Nyerere Road, Mombasa",
        location_name: "Mombasa",
    },
    Place {
        address: "22 Oginga Odinga Street, Kisumu",
        location_name: "Kisumu",
    },
    Place {
        address: "5 Kenyatta Avenue, Nakuru",
        location_name: "Nakuru",
    },
    Place {
        address: "14 Uganda Road, Eldoret",
        location_name: "Eldoret",
    },
    Place {
        address: "30 Kampala Road, Kampala",
        location_name: "Kampala",
    },
    Place {
        address: "17 Samora Avenue, Dar es Salaam",
        location_name: "Dar es Salaam",
    },
    Place {
        address: "9 KN 4 Avenue, Kigali",
        location_name: "Kigali",
    },
    Place {
        address: "250 Jan Smuts Avenue, Johannesburg",
        location_name: "Johannesburg",
    },
    Place {
        address: "40 Sheikh Zayed Road, Dubai",
        location_name: "Dubai",
    },
];

pub static SAFETY_FEATURES: &[&str] = &[
    "ABS",
    "Front and Side Airbags",
    "Traction Control",
    "Electronic Stability Control",
    "Blind Spot Monitoring",
    "Lane Departure Warning",
    "Lane Keep Assist",
    "Adaptive Cruise Control",
    "Automatic Emergency Braking",
    "Rear View Camera",
    "Parking Sensors",
    "Tire Pressure Monitoring",
];

pub static EXTERIOR_FEATURES: &[&str] = &[
    "Alloy Wheels",
    "Sunroof",
    "Panoramic Roof",
    "LED Headlights",
    "Fog Lights",
    "Roof Rails",
    "Tow Hitch",
    "Power Folding Mirrors",
    "Running Boards",
    "Tinted Windows",
];

pub static INTERIOR_FEATURES: &[&str] = &[
    "Leather Seats",
    "Heated Seats",
    "Ventilated Seats",
    "Dual-Zone Climate Control",
    "Keyless Entry",
    "Push-Button Start",
    "Third-Row Seating",
    "Ambient Lighting",
    "Power Tailgate",
    "Heated Steering Wheel",
];

pub static ENTERTAINMENT_FEATURES: &[&str] = &[
    "Apple CarPlay",
    "Android Auto",
    "Bluetooth",
    "Premium Sound System",
    "Navigation System",
    "Wireless Charging",
    "USB-C Ports",
    "Rear Seat Entertainment",
    "Digital Instrument Cluster",
];

pub static EXTERIOR_COLORS: &[&str] = &[
    "Pearl White",
    "Jet Black",
    "Silver Metallic",
    "Graphite Grey",
    "Midnight Blue",
    "Ruby Red",
    "Forest Green",
    "Champagne Gold",
    "Ocean Blue",
    "Sunset Orange",
];

pub static INTERIOR_COLORS: &[&str] = &[
    "Black Leather",
    "Beige Leather",
    "Tan Leather",
    "Red Leather",
    "Grey Cloth",
    "Black Cloth",
    "Ivory",
];

pub static FIRST_NAMES: &[&str] = &[
    "Wanjiru", "Kamau", "Achieng", "Otieno", "Njeri", "Mwangi", "Akinyi", "Kiprop", "Chebet",
    "Wafula", "Nafula", "Mutua", "Zawadi", "Baraka", "Amani", "Imani", "Juma", "Halima", "Salim",
    "Fatuma", "Neema", "Tumaini", "Faith", "Brian", "Kevin", "Mercy", "Grace", "Dennis", "Esther",
    "Peter", "Joy", "Daniel", "Sarah", "James", "Aisha", "Omar", "Linda", "Michael", "Ruth",
    "David", "Mary", "John", "Emily", "Samuel", "Naomi",
];

pub static LAST_NAMES: &[&str] = &[
    "Kamau",
    "Otieno",
    "Wanjiku",
    "Mwangi",
    "Ochieng",
    "Kipchoge",
    "Njoroge",
    "Mutua",
    "Odhiambo",
    "Kariuki",
    "Wambui",
    "Chege",
    "Kiptoo",
    "Cheruiyot",
    "Omondi",
    "Mugo",
    "Ndungu",
    "Wekesa",
    "Barasa",
    "Onyango",
    "Kimani",
    "Macharia",
    "Musyoka",
    "Koech",
    "Rotich",
    "Nyambura",
    "Mohamed",
    "Hassan",
    "Ali",
    "Abdi",
    "Mbeki",
    "Nkosi",
    "Okafor",
    "Mensah",
    "Smith",
    "Johnson",
    "Patel",
    "Shah",
    "Fernandes",
    "Williams",
    "Brown",
    "Mukasa",
    "Nakato",
    "Uwimana",
    "Mushi",
];

pub static CUSTOMER_TAGS: &[&str] = &[
    "repeat-buyer",
    "financing-interest",
    "trade-in",
    "first-time-buyer",
    "cash-buyer",
    "fleet",
    "corporate",
    "vip",
    "referral",
    "rental-regular",
    "auction-bidder",
    "ev-curious",
];

pub static BLOG_TITLES: &[&str] = &[
    "How to Inspect a Used Car Before You Buy",
    "Financing Your Next Car: A Beginner's Guide",
    "Petrol, Diesel or Electric: Which Is Right for You?",
    "Five Family SUVs Worth a Test Drive",
    "What to Know Before Renting a Car for a Safari",
    "How Car Auctions Work",
    "Keeping Your Car in Shape for the Rainy Season",
    "Trading In: Getting the Best Value for Your Old Car",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn models() -> impl Iterator<Item = (&'static BrandSpec, &'static ModelSpec)> {
        BRANDS
            .iter()
            .flat_map(|b| b.models.iter().map(move |m| (b, m)))
    }

    #[test]
    fn has_enough_brands_and_models() {
        assert!(BRANDS.len() >= 40, "{} brands", BRANDS.len());
        assert!(models().count() >= 300, "{} models", models().count());
        let names: HashSet<_> = BRANDS.iter().map(|b| b.name).collect();
        assert_eq!(names.len(), BRANDS.len(), "duplicate brand");
        for electric in ["Tesla", "Polestar", "Rivian", "Lucid"] {
            assert!(names.contains(electric), "{electric} missing");
        }
    }

    #[test]
    fn models_are_well_formed() {
        let codes: HashSet<_> = BODY_TYPES.iter().map(|b| b.code).collect();
        assert_eq!(codes.len(), BODY_TYPES.len(), "duplicate body code");
        for (brand, model) in models() {
            let what = format!("{} {}", brand.name, model.name);
            assert!(
                codes.contains(model.body),
                "{what}: unknown body {}",
                model.body
            );
            assert!(!model.generations.is_empty(), "{what}: no generation");
            assert!(!model.trims.is_empty(), "{what}: no trim");
            assert!(model.base_price > 0, "{what}: no price");
            for generation in model.generations {
                assert!((2005..=2026).contains(&generation.start_year), "{what}");
                if let Some(end) = generation.end_year {
                    assert!(generation.start_year <= end, "{what}: {}", generation.name);
                    assert!(end <= 2026, "{what}: {}", generation.name);
                }
            }
            let generations: HashSet<_> = model.generations.iter().map(|g| g.name).collect();
            assert_eq!(
                generations.len(),
                model.generations.len(),
                "{what}: duplicate generation"
            );
            let trims: HashSet<_> = model.trims.iter().collect();
            assert_eq!(trims.len(), model.trims.len(), "{what}: duplicate trim");
        }
    }

    #[test]
    fn model_names_are_unique_within_a_brand() {
        for brand in BRANDS {
            let mut seen = HashSet::new();
            for model in brand.models {
                assert!(
                    seen.insert(model.name),
                    "{} {} twice",
                    brand.name,
                    model.name
                );
            }
        }
    }

    #[test]
    fn engines_are_well_formed() {
        let mut seen = HashSet::new();
        for e in ENGINES {
            assert!(
                ["petrol", "diesel", "electric", "hybrid", "plugin_hybrid"]
                    .contains(&e.engine_type),
                "{}",
                e.name
            );
            assert!(
                ["manual", "automatic", "cvt", "dct", "semi_automatic"].contains(&e.transmission),
                "{}",
                e.name
            );
            assert_eq!(
                e.displacement.is_none(),
                e.engine_type == "electric",
                "{}",
                e.name
            );
            assert!(
                seen.insert((e.name, e.engine_type, e.transmission)),
                "{} twice",
                e.name
            );
        }
        assert!(
            ENGINES
                .iter()
                .filter(|e| e.engine_type == "electric")
                .count()
                >= 4
        );
    }

    #[test]
    fn word_lists_are_big_enough() {
        assert!(PLACES.len() >= 6);
        for list in [
            SAFETY_FEATURES,
            EXTERIOR_FEATURES,
            INTERIOR_FEATURES,
            ENTERTAINMENT_FEATURES,
            EXTERIOR_COLORS,
            INTERIOR_COLORS,
            CUSTOMER_TAGS,
            BLOG_TITLES,
        ] {
            assert!(list.len() >= 6);
        }
        assert!(FIRST_NAMES.len() >= 40 && LAST_NAMES.len() >= 40);
    }
}
