//! The demo market, after the Ljubljana pilot: a pool of five sellers
//! (the demo participant among them, sewing dance dresses), fifteen
//! listings of textiles, jewellery, ceramics, woodwork and food from the
//! countries of origin, drawn photos, two seller-pool meetings and two
//! photo shoots already held (a third is coming, from the meetings' demo),
//! and orders in every state.

use super::market_photos::{draw, Motif};
use super::system_event;
use crate::codes::{ConsentPurpose, ListingCategory, ListingOrigin, ListingStatus};
use crate::codes::{Fulfilment, PaymentMethod};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::market::listings::json::ListingFields;
use crate::market::listings::model as listings;
use crate::market::orders::json::{BuyerInput, OrderEvent, OrderLineInput, OrderRequest};
use crate::market::orders::model as order_rows;
use crate::market::orders::place;
use crate::market::orders::states::{self, Step, Who};
use crate::market::photos::{self, model as photo_rows, Size};
use crate::market::sellers::json::SellerFields;
use crate::market::sellers::model as sellers;
use crate::market::settings::{json::MarketSettingsFields, model as settings};
use crate::market::texts::Texts;
use crate::participants::model as participants;

/// A file for the photo store: written by the caller, which has the store
/// and a runtime (the seed itself runs in one database transaction).
pub struct PendingPhoto {
    pub key: String,
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
}

fn texts(pairs: &[(&str, &str)]) -> Texts {
    pairs
        .iter()
        .map(|(l, t)| (l.to_string(), t.to_string()))
        .collect()
}

/// One demo seller: which demo person, their public name, story and town.
struct DemoSeller {
    person: usize,
    name: &'static str,
    story: &'static [(&'static str, &'static str)],
    municipality: &'static str,
}

/// One demo listing.
struct DemoListing {
    seller: usize,
    title: &'static [(&'static str, &'static str)],
    description: &'static str,
    category: ListingCategory,
    origin: Option<&'static str>,
    materials: Option<&'static str>,
    dimensions: Option<&'static str>,
    price_cents: i32,
    /// `None`: made to order in this many days.
    stock: Result<i32, i32>,
    status: ListingStatus,
    photo: (Motif, [u8; 3], [u8; 3]),
}

const SELLERS: [DemoSeller; 5] = [
    DemoSeller {
        person: 0,
        name: "Dar Amina",
        story: &[
            ("en", "I sew dance dresses and kaftans the way my teacher in Aleppo, who learnt in Fès, taught me: by hand, with coins and sequins sewn one by one."),
            ("ar", "أخيط فساتين الرقص والقفاطين كما علّمتني معلمتي في حلب التي تعلّمت في فاس: يدويًا، مع قطع نقدية وترتر تُخاط واحدة تلو الأخرى."),
            ("sl", "Šivam plesne obleke in kaftane, kot me je učila učiteljica v Alepu, ki se je učila v Fesu: ročno, kovanec za kovancem."),
        ],
        municipality: "Ljubljana",
    },
    DemoSeller {
        person: 1,
        name: "Olena's Stitches",
        story: &[
            ("en", "Embroidery from Poltava: shirts, towels and beaded necklaces, each pattern with its meaning."),
            ("uk", "Вишивка з Полтави: сорочки, рушники й ґердани, кожен візерунок зі своїм значенням."),
            ("sl", "Vezenine iz Poltave: srajce, brisače in ogrlice iz perlic; vsak vzorec ima svoj pomen."),
        ],
        municipality: "Maribor",
    },
    DemoSeller {
        person: 2,
        name: "Kabul Pantry",
        story: &[
            ("en", "Saffron from Herat and dried fruit from my family's orchards, packed in Ljubljana."),
            ("fa", "زعفران هرات و میوه‌های خشک از باغ‌های خانواده‌ام، بسته‌بندی‌شده در لیوبلیانا."),
        ],
        municipality: "Ljubljana",
    },
    DemoSeller {
        person: 4,
        name: "Mariam's Jebena",
        story: &[
            ("en", "Clay coffee pots, berbere and woven baskets from Eritrea, for the coffee ceremony at home."),
            ("sl", "Glinene posode za kavo, berbere in pletene košare iz Eritreje, za kavni obred doma."),
        ],
        municipality: "Koper",
    },
    DemoSeller {
        person: 6,
        name: "Tatreez by Hana",
        story: &[
            ("en", "Palestinian cross-stitch (tatreez) on cushions and bags, olive wood, and za'atar from my mother's recipe."),
            ("ar", "تطريز فلسطيني على الوسائد والحقائب، وخشب الزيتون، وزعتر على وصفة أمي."),
        ],
        municipality: "Ljubljana",
    },
];

const RED: [u8; 3] = [128, 24, 40];
const GOLD: [u8; 3] = [226, 176, 64];
const INDIGO: [u8; 3] = [38, 52, 110];
const CREAM: [u8; 3] = [240, 230, 210];
const OLIVE: [u8; 3] = [96, 110, 50];
const CLAY: [u8; 3] = [170, 90, 50];
const WOOD: [u8; 3] = [150, 105, 60];
const SAFFRON: [u8; 3] = [214, 90, 20];

const LISTINGS: [DemoListing; 15] = [
    DemoListing {
        seller: 0,
        title: &[("en", "Moroccan dance dress with coins"), ("ar", "فستان رقص مغربي بالقطع النقدية"), ("sl", "Maroška plesna obleka s kovanci")],
        description: "A two-piece dance dress in deep red satin, the belt hand-sewn with 120 brass coins. Made to your size.",
        category: ListingCategory::Textiles,
        origin: Some("MA"),
        materials: Some("Satin, brass coins, cotton lining"),
        dimensions: Some("Made to measure"),
        price_cents: 18_000,
        stock: Err(21),
        status: ListingStatus::Published,
        photo: (Motif::Beads, RED, GOLD),
    },
    DemoListing {
        seller: 0,
        title: &[("en", "Embroidered kaftan"), ("ar", "قفطان مطرّز"), ("sl", "Vezen kaftan")],
        description: "A long kaftan with gold thread embroidery at the neck and sleeves. Size M.",
        category: ListingCategory::Textiles,
        origin: Some("MA"),
        materials: Some("Viscose, gold thread"),
        dimensions: Some("Size M, 140 cm long"),
        price_cents: 9_500,
        stock: Ok(2),
        status: ListingStatus::Published,
        photo: (Motif::Weave, INDIGO, GOLD),
    },
    DemoListing {
        seller: 0,
        title: &[("en", "Hip scarf for belly dance"), ("ar", "وشاح الورك للرقص الشرقي"), ("sl", "Ruta za trebušni ples")],
        description: "A triangle hip scarf with three rows of coins that ring as you move.",
        category: ListingCategory::Textiles,
        origin: Some("MA"),
        materials: Some("Chiffon, coins"),
        dimensions: Some("170 × 60 cm"),
        price_cents: 2_800,
        stock: Ok(6),
        status: ListingStatus::Published,
        photo: (Motif::Beads, INDIGO, CREAM),
    },
    DemoListing {
        seller: 1,
        title: &[("en", "Embroidered linen shirt (vyshyvanka)"), ("uk", "Вишиванка з льону"), ("sl", "Vezena lanena srajca")],
        description: "Hand-embroidered linen shirt with the red and black pattern of Poltava.",
        category: ListingCategory::Textiles,
        origin: Some("UA"),
        materials: Some("Linen, cotton thread"),
        dimensions: Some("Size L"),
        price_cents: 12_000,
        stock: Ok(1),
        status: ListingStatus::Published,
        photo: (Motif::Weave, CREAM, RED),
    },
    DemoListing {
        seller: 1,
        title: &[("en", "Beaded necklace (gerdan)"), ("uk", "Ґердан з бісеру"), ("sl", "Ogrlica iz perlic (gerdan)")],
        description: "A wide beaded necklace woven on a loom, blue and yellow.",
        category: ListingCategory::Jewellery,
        origin: Some("UA"),
        materials: Some("Czech glass beads"),
        dimensions: Some("45 cm"),
        price_cents: 4_500,
        stock: Ok(4),
        status: ListingStatus::Published,
        photo: (Motif::Beads, [40, 90, 170], [250, 210, 40]),
    },
    DemoListing {
        seller: 1,
        title: &[("en", "Ritual towel (rushnyk)"), ("uk", "Рушник"), ("sl", "Obredna brisača (rušnik)")],
        description: "A long embroidered towel for weddings and the home's icon corner.",
        category: ListingCategory::Home,
        origin: Some("UA"),
        materials: Some("Cotton"),
        dimensions: Some("200 × 35 cm"),
        price_cents: 6_000,
        stock: Ok(0),
        status: ListingStatus::SoldOut,
        photo: (Motif::Tile, CREAM, RED),
    },
    DemoListing {
        seller: 2,
        title: &[("en", "Herat saffron, 2 g"), ("fa", "زعفران هرات، ۲ گرم"), ("sl", "Žafran iz Herata, 2 g")],
        description: "Hand-picked saffron threads of the last harvest, in a glass jar.",
        category: ListingCategory::Food,
        origin: Some("AF"),
        materials: None,
        dimensions: Some("2 g"),
        price_cents: 1_400,
        stock: Ok(30),
        status: ListingStatus::Published,
        photo: (Motif::Spice, OLIVE, SAFFRON),
    },
    DemoListing {
        seller: 2,
        title: &[("en", "Dried white mulberries"), ("fa", "توت خشک سفید"), ("sl", "Suhe bele murve")],
        description: "Sun-dried mulberries from Parwan, no sugar added. 250 g bag.",
        category: ListingCategory::Food,
        origin: Some("AF"),
        materials: None,
        dimensions: Some("250 g"),
        price_cents: 650,
        stock: Ok(25),
        status: ListingStatus::Published,
        photo: (Motif::Spice, INDIGO, CREAM),
    },
    DemoListing {
        seller: 2,
        title: &[("en", "Carved walnut box"), ("fa", "جعبه چوب گردوی کنده‌کاری‌شده"), ("sl", "Rezbarjena škatla iz orehovega lesa")],
        description: "A small box with a carved lid, for tea or jewellery.",
        category: ListingCategory::Woodwork,
        origin: None,
        materials: Some("Walnut wood, linseed oil"),
        dimensions: Some("12 × 8 × 6 cm"),
        price_cents: 3_500,
        stock: Ok(3),
        status: ListingStatus::Draft,
        photo: (Motif::Grain, WOOD, [90, 60, 30]),
    },
    DemoListing {
        seller: 3,
        title: &[("en", "Clay coffee pot (jebena)"), ("ti", "ጀበና"), ("sl", "Glinena posoda za kavo (džebena)")],
        description: "A hand-formed jebena for the Eritrean coffee ceremony, with a woven stand.",
        category: ListingCategory::Ceramics,
        origin: Some("ER"),
        materials: Some("Black clay"),
        dimensions: Some("25 cm high"),
        price_cents: 4_200,
        stock: Ok(3),
        status: ListingStatus::Published,
        photo: (Motif::Glaze, [50, 40, 35], CLAY),
    },
    DemoListing {
        seller: 3,
        title: &[("en", "Berbere spice mix"), ("sl", "Začimbna mešanica berbere")],
        description: "Chilli, fenugreek, coriander and eight more spices, roasted and ground by hand. 150 g.",
        category: ListingCategory::Food,
        origin: Some("ER"),
        materials: None,
        dimensions: Some("150 g"),
        price_cents: 750,
        stock: Ok(20),
        status: ListingStatus::Published,
        photo: (Motif::Spice, CREAM, [180, 40, 20]),
    },
    DemoListing {
        seller: 3,
        title: &[("en", "Woven bread basket (mesob)"), ("sl", "Pletena košara za kruh (mesob)")],
        description: "A coiled basket with a lid, woven from dyed grass in three colours.",
        category: ListingCategory::Home,
        origin: Some("ER"),
        materials: Some("Grass, palm leaf"),
        dimensions: Some("Ø 35 cm"),
        price_cents: 5_500,
        stock: Err(30),
        status: ListingStatus::Published,
        photo: (Motif::Glaze, [200, 170, 90], [150, 40, 60]),
    },
    DemoListing {
        seller: 4,
        title: &[("en", "Tatreez cushion cover"), ("ar", "غطاء وسادة مطرّز بالتطريز الفلسطيني"), ("sl", "Prevleka za blazino s tatreez vezenino")],
        description: "Cross-stitched cushion cover with the cypress-tree pattern of Gaza.",
        category: ListingCategory::Home,
        origin: Some("PS"),
        materials: Some("Cotton, DMC thread"),
        dimensions: Some("45 × 45 cm"),
        price_cents: 5_800,
        stock: Ok(4),
        status: ListingStatus::Published,
        photo: (Motif::Tile, [20, 20, 20], RED),
    },
    DemoListing {
        seller: 4,
        title: &[("en", "Olive wood spoon set"), ("ar", "طقم ملاعق من خشب الزيتون"), ("sl", "Komplet žlic iz oljčnega lesa")],
        description: "Three spoons carved from olive wood, oiled with olive oil.",
        category: ListingCategory::Woodwork,
        origin: Some("PS"),
        materials: Some("Olive wood"),
        dimensions: Some("20–28 cm"),
        price_cents: 3_200,
        stock: Ok(5),
        status: ListingStatus::Published,
        photo: (Motif::Grain, [200, 170, 120], WOOD),
    },
    DemoListing {
        seller: 4,
        title: &[("en", "Za'atar from my mother's recipe"), ("ar", "زعتر على وصفة أمي"), ("sl", "Zaatar po mamini recepturi")],
        description: "Wild thyme, sumac and toasted sesame. 100 g.",
        category: ListingCategory::Food,
        origin: Some("PS"),
        materials: None,
        dimensions: Some("100 g"),
        price_cents: 600,
        stock: Ok(40),
        status: ListingStatus::Published,
        photo: (Motif::Spice, OLIVE, [110, 120, 40]),
    },
];

/// What the market's demo made: the photo files to store, and the buyer's
/// secret link of the order placed last (to print).
pub struct MarketDemo {
    pub photos: Vec<PendingPhoto>,
    pub order_token: String,
}

/// A demo order: lines (index into `LISTINGS`, quantity), the buyer, pickup
/// (else post), cash (else a transfer), and the steps staff made.
struct DemoOrder {
    lines: &'static [(usize, i64)],
    buyer: (&'static str, &'static str, &'static str),
    pickup: bool,
    cash: bool,
    steps: &'static [OrderEvent],
}

const ORDERS: [DemoOrder; 7] = [
    DemoOrder {
        lines: &[(2, 1), (6, 2)],
        buyer: ("Nina Kovač", "nina.kovac@example.org", "sl"),
        pickup: true,
        cash: false,
        steps: &[
            OrderEvent::Confirm,
            OrderEvent::MarkPaid,
            OrderEvent::Ready,
            OrderEvent::Complete,
        ],
    },
    DemoOrder {
        lines: &[(4, 1)],
        buyer: ("Tomaž Zupan", "+386 41 555 210", "sl"),
        pickup: true,
        cash: true,
        steps: &[
            OrderEvent::Confirm,
            OrderEvent::Ready,
            OrderEvent::MarkPaid,
            OrderEvent::Complete,
        ],
    },
    DemoOrder {
        lines: &[(12, 1), (14, 3)],
        buyer: ("Sarah Miller", "sarah.miller@example.org", "en"),
        pickup: false,
        cash: false,
        steps: &[OrderEvent::Confirm, OrderEvent::MarkPaid, OrderEvent::Ready],
    },
    DemoOrder {
        lines: &[(9, 1)],
        buyer: ("Maja Horvat", "maja.horvat@example.org", "sl"),
        pickup: true,
        cash: false,
        steps: &[OrderEvent::Confirm],
    },
    DemoOrder {
        lines: &[(1, 1)],
        buyer: ("Lejla Begić", "+386 40 123 987", "sl"),
        pickup: true,
        cash: false,
        steps: &[OrderEvent::Cancel],
    },
    DemoOrder {
        lines: &[(10, 2), (13, 1)],
        buyer: ("Ahmad Rahimi", "ahmad.rahimi@example.org", "fa"),
        pickup: true,
        cash: true,
        steps: &[],
    },
    DemoOrder {
        lines: &[(0, 1)],
        buyer: ("Fatima Zahra", "fatima.zahra@example.org", "ar"),
        pickup: true,
        cash: false,
        steps: &[],
    },
];

/// Seeds the market. `people` are the demo participants; `shoot` a held
/// photo-shoot meeting the listings were photographed at; `pickup` the
/// venue where buyers collect their orders.
pub(super) fn seed(
    conn: &mut DbConnection,
    org: &str,
    people: &[String],
    coordinator: &str,
    shoot: Option<&str>,
    pickup: &str,
) -> Result<MarketDemo, ApiError> {
    settings::save(
        conn,
        org,
        0,
        &MarketSettingsFields {
            iban: Some("SI56 1910 0000 0123 438".into()),
            account_holder: Some("Zavod Skupaj Ljubljana".into()),
            bic: Some("DBSISI2X".into()),
            commission_bp: 1000,
            require_approval: false,
        },
    )?;
    let mut seller_ids = Vec::new();
    for s in &SELLERS {
        let person = people
            .get(s.person)
            .ok_or_else(|| ApiError::internal("a demo seller's person"))?;
        participants::add_consent(
            conn,
            org,
            person,
            ConsentPurpose::MarketSelling,
            "2026-05 market demo",
            coordinator,
        )?;
        let id = sellers::insert(
            conn,
            org,
            person,
            &SellerFields {
                participant_id: Some(person.clone()),
                public_name: s.name.into(),
                story: texts(s.story),
                municipality: Some(s.municipality.into()),
                iban: None,
                account_holder: None,
                paused: false,
            },
        )?;
        system_event(conn, org, "create", "seller", &id)?;
        seller_ids.push(id);
    }
    let mut made = MarketDemo {
        photos: Vec::new(),
        order_token: String::new(),
    };
    let mut listing_ids = Vec::new();
    for (i, l) in LISTINGS.iter().enumerate() {
        let seller = seller_ids
            .get(l.seller)
            .ok_or_else(|| ApiError::internal("a demo listing's seller"))?;
        let fields = ListingFields {
            seller_id: Some(seller.clone()),
            title: texts(l.title),
            description: texts(&[("en", l.description)]),
            category: l.category,
            materials: l.materials.map(str::to_string),
            dimensions: l.dimensions.map(str::to_string),
            origin: if l.origin.is_some() {
                ListingOrigin::OriginCountry
            } else {
                ListingOrigin::Handmade
            },
            origin_country: l.origin.map(str::to_string),
            price_cents: l.price_cents,
            currency: "EUR".into(),
            stock: l.stock.ok(),
            lead_time_days: l.stock.err(),
            status: None,
            // Two in three were photographed at the shoot.
            photo_shoot_id: shoot.filter(|_| i % 3 != 2).map(str::to_string),
        };
        let id = listings::insert(conn, org, seller, &fields, l.status, Some(coordinator))?;
        system_event(conn, org, "create", "listing", &id)?;
        let (motif, a, b) = l.photo;
        let png = draw(motif, a, b).map_err(|e| ApiError::internal(e.to_string()))?;
        let processed =
            photos::process(&png).map_err(|e| ApiError::internal(e.message().to_string()))?;
        let photo_id = ids::new_id();
        photo_rows::add(
            conn,
            photo_rows::PhotoRow::new(&photo_id, &id, org, &processed),
        )?;
        for size in Size::ALL {
            let variant = processed.get(size);
            made.photos.push(PendingPhoto {
                key: photos::photo_key(&photo_id, size),
                bytes: variant.bytes.clone(),
                content_type: variant.content_type,
            });
        }
        listing_ids.push(id);
    }
    made.order_token = orders(conn, org, &listing_ids, coordinator, pickup)?;
    Ok(made)
}

/// Places the demo orders as buyers do and takes them through their steps
/// as staff do; returns the secret link token of the last one.
fn orders(
    conn: &mut DbConnection,
    org: &str,
    listing_ids: &[String],
    coordinator: &str,
    venue: &str,
) -> Result<String, ApiError> {
    let mut token = String::new();
    for o in &ORDERS {
        let (name, contact, language) = o.buyer;
        let phone = contact.starts_with('+');
        let request = OrderRequest {
            items: o
                .lines
                .iter()
                .map(|&(i, quantity)| {
                    Ok(OrderLineInput {
                        listing_id: listing_ids
                            .get(i)
                            .ok_or_else(|| ApiError::internal("a demo order's listing"))?
                            .clone(),
                        quantity,
                    })
                })
                .collect::<Result<_, ApiError>>()?,
            buyer: BuyerInput {
                name: name.into(),
                email: (!phone).then(|| contact.to_string()),
                phone: phone.then(|| contact.to_string()),
            },
            language: Some(language.into()),
            fulfilment: if o.pickup {
                Fulfilment::Pickup
            } else {
                Fulfilment::Post
            },
            venue_id: o.pickup.then(|| venue.to_string()),
            address: (!o.pickup).then(|| "Trubarjeva cesta 12, 1000 Ljubljana".to_string()),
            note: None,
            payment_method: if o.cash {
                PaymentMethod::Cash
            } else {
                PaymentMethod::BankTransfer
            },
        };
        token = crate::auth::tokens::random_secret("");
        let id = place::place(
            conn,
            org,
            &request,
            &crate::auth::tokens::sha256_hex(&token),
        )?;
        for &event in o.steps {
            let row = order_rows::find(conn, Some(org), &id)?;
            states::apply(
                conn,
                &row,
                &Step {
                    event,
                    who: Who::Staff,
                    actor_id: Some(coordinator),
                    version: Some(row.version),
                    cancel_reason: "staff",
                },
                ids::now(),
            )?;
        }
    }
    Ok(token)
}
