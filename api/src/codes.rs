//! Code lists: the fixed vocabularies of participant records, with labels in
//! every language the SPA speaks, served by `GET /api/v1/code-lists/{name}`
//! so that neither the SPA nor an integration hard-codes them.
//! Countries (ISO 3166-1) and languages (ISO 639) come from Debian's
//! iso-codes translations (`scripts/gen-code-lists.py` writes api/data/).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Languages labels exist in; the first is the fallback.
pub const LANGUAGES: [&str; 5] = ["en", "sl", "ar", "uk", "fa"];

/// Picks the best supported language from an `Accept-Language` header
/// (or a `lang` parameter), falling back to English.
pub fn pick_language(header: Option<&str>) -> &'static str {
    let Some(header) = header else { return "en" };
    let mut ranked: Vec<(f32, usize, &str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next()?.trim();
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|v| v.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            Some((q, i, tag))
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.1.cmp(&b.1))
    });
    ranked
        .iter()
        .filter(|(q, _, _)| *q > 0.0)
        .find_map(|(_, _, tag)| {
            let primary = tag
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            LANGUAGES.iter().copied().find(|l| *l == primary)
        })
        .unwrap_or("en")
}

/// Labels of one code: (en, sl, ar, uk, fa).
type Labels = [&'static str; 5];

fn label_in(labels: &Labels, lang: &str) -> &'static str {
    let i = LANGUAGES.iter().position(|l| *l == lang).unwrap_or(0);
    labels[i]
}

/// Declares a code enum with its snake_case codes and labels.
macro_rules! code_list {
    ($(#[$doc:meta])* $name:ident, $list:literal, { $($variant:ident = $code:literal => [$en:literal, $sl:literal, $ar:literal, $uk:literal, $fa:literal]),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant),+
        }

        // Written out rather than derived: the derive cannot read the codes
        // through the macro.
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code),+]))
                    .description(Some(concat!(
                        "A code from the `", $list, "` code list (GET /api/v1/code-lists/", $list, ")."
                    )))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
        }

        impl $name {
            pub const LIST: &'static str = $list;
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($code => Some($name::$variant),)+ _ => None }
            }

            fn labels(self) -> &'static Labels {
                match self { $($name::$variant => &[$en, $sl, $ar, $uk, $fa]),+ }
            }

            pub fn label(self, lang: &str) -> &'static str {
                label_in(self.labels(), lang)
            }

            fn items(lang: &str) -> Vec<CodeItem> {
                Self::ALL.iter().map(|c| CodeItem { code: c.as_str().to_string(), label: c.label(lang).to_string() }).collect()
            }
        }
    };
}

code_list!(
    /// Gender, as the person describes it.
    Gender, "genders", {
        Female = "female" => ["Female", "Ženska", "أنثى", "Жінка", "زن"],
        Male = "male" => ["Male", "Moški", "ذكر", "Чоловік", "مرد"],
        NonBinary = "non_binary" => ["Non-binary", "Nebinarno", "غير ثنائي", "Небінарна особа", "ناباینری"],
        SelfDescribed = "self_described" => ["Self-described", "Opiše sam/a", "وصف ذاتي", "Власний опис", "توصیف شخصی"],
        PreferNotToSay = "prefer_not_to_say" => ["Prefer not to say", "Ne želim povedati", "أفضل عدم القول", "Не бажаю вказувати", "ترجیح می‌دهم نگویم"],
    }
);

code_list!(
    /// Residence or legal status in the host country.
    LegalStatus, "legal-statuses", {
        AsylumSeeker = "asylum_seeker" => ["Asylum seeker", "Prosilec za mednarodno zaščito", "طالب لجوء", "Шукач притулку", "پناهجو"],
        InternationalProtection = "international_protection" => ["International protection (refugee status)", "Mednarodna zaščita (status begunca)", "حماية دولية (صفة لاجئ)", "Міжнародний захист (статус біженця)", "حمایت بین‌المللی (وضعیت پناهندگی)"],
        SubsidiaryProtection = "subsidiary_protection" => ["Subsidiary protection", "Subsidiarna zaščita", "حماية فرعية", "Додатковий захист", "حمایت تکمیلی"],
        TemporaryProtection = "temporary_protection" => ["Temporary protection", "Začasna zaščita", "حماية مؤقتة", "Тимчасовий захист", "حمایت موقت"],
        Student = "student" => ["Student", "Študent", "طالب", "Студент", "دانشجو"],
        LabourMigrant = "labour_migrant" => ["Labour migrant", "Delovni migrant", "مهاجر عمل", "Трудовий мігрант", "مهاجر کاری"],
        NoStatus = "no_status" => ["No status", "Brez statusa", "بدون وضع قانوني", "Без статусу", "بدون وضعیت"],
        Other = "other" => ["Other", "Drugo", "أخرى", "Інше", "دیگر"],
    }
);

code_list!(
    /// Whether the person may work.
    WorkPermit, "work-permits", {
        Granted = "granted" => ["Has a work permit", "Ima delovno dovoljenje", "لديه تصريح عمل", "Має дозвіл на роботу", "مجوز کار دارد"],
        NotRequired = "not_required" => ["No permit needed", "Dovoljenje ni potrebno", "لا يحتاج إلى تصريح", "Дозвіл не потрібен", "نیازی به مجوز نیست"],
        Pending = "pending" => ["Applied, waiting", "Vloga oddana, čaka", "قدّم الطلب وينتظر", "Подано заяву, очікує", "درخواست داده، در انتظار"],
        FromDate = "from_date" => ["May work from a date", "Lahko dela od datuma", "يمكنه العمل اعتبارًا من تاريخ", "Може працювати з дати", "از تاریخی می‌تواند کار کند"],
        None = "none" => ["No work permit", "Brez delovnega dovoljenja", "لا يوجد تصريح عمل", "Немає дозволу на роботу", "مجوز کار ندارد"],
        Unknown = "unknown" => ["Unknown", "Neznano", "غير معروف", "Невідомо", "نامشخص"],
    }
);

code_list!(
    /// Highest education completed, as ISCED 2011 levels.
    EducationLevel, "education-levels", {
        Isced0 = "isced_0" => ["Early childhood or no formal education", "Predšolska ali brez formalne izobrazbe", "تعليم الطفولة المبكرة أو بدون تعليم رسمي", "Дошкільна або без формальної освіти", "پیش‌دبستانی یا بدون تحصیلات رسمی"],
        Isced1 = "isced_1" => ["Primary education", "Osnovnošolska izobrazba (1. stopnja)", "التعليم الابتدائي", "Початкова освіта", "آموزش ابتدایی"],
        Isced2 = "isced_2" => ["Lower secondary education", "Nižja srednja izobrazba", "التعليم الإعدادي", "Базова середня освіта", "متوسطه اول"],
        Isced3 = "isced_3" => ["Upper secondary education", "Višja srednja izobrazba", "التعليم الثانوي", "Повна загальна середня освіта", "متوسطه دوم"],
        Isced4 = "isced_4" => ["Post-secondary non-tertiary education", "Posrednješolska neterciarna izobrazba", "تعليم ما بعد الثانوي غير الجامعي", "Післясередня нетретинна освіта", "آموزش پس از متوسطه غیرعالی"],
        Isced5 = "isced_5" => ["Short-cycle tertiary education", "Kratki cikel terciarnega izobraževanja", "تعليم عالٍ قصير الدورة", "Короткий цикл вищої освіти", "آموزش عالی کوتاه‌مدت"],
        Isced6 = "isced_6" => ["Bachelor's or equivalent", "Diploma prve stopnje ali enakovredna", "بكالوريوس أو ما يعادلها", "Бакалавр або еквівалент", "کارشناسی یا معادل"],
        Isced7 = "isced_7" => ["Master's or equivalent", "Magisterij ali enakovredno", "ماجستير أو ما يعادلها", "Магістр або еквівалент", "کارشناسی ارشد یا معادل"],
        Isced8 = "isced_8" => ["Doctoral or equivalent", "Doktorat ali enakovredno", "دكتوراه أو ما يعادلها", "Доктор філософії або еквівалент", "دکترا یا معادل"],
    }
);

code_list!(
    /// What the person does now.
    EmploymentState, "employment-states", {
        Unemployed = "unemployed" => ["Looking for work", "Išče zaposlitev", "يبحث عن عمل", "Шукає роботу", "در جستجوی کار"],
        Employed = "employed" => ["Employed", "Zaposlen/a", "موظف", "Працевлаштований", "شاغل"],
        SelfEmployed = "self_employed" => ["Self-employed", "Samozaposlen/a", "يعمل لحسابه الخاص", "Самозайнятий", "خوداشتغال"],
        InTraining = "in_training" => ["In training or a course", "V usposabljanju ali tečaju", "في تدريب أو دورة", "На навчанні або курсах", "در حال آموزش یا دوره"],
        Studying = "studying" => ["Studying", "Študira", "يدرس", "Навчається", "در حال تحصیل"],
        NotSeeking = "not_seeking" => ["Not looking for work", "Ne išče zaposlitve", "لا يبحث عن عمل", "Не шукає роботу", "به دنبال کار نیست"],
        Other = "other" => ["Other", "Drugo", "أخرى", "Інше", "دیگر"],
    }
);

code_list!(
    /// What the person needs help with.
    Need, "needs", {
        Language = "language" => ["Language learning", "Učenje jezika", "تعلم اللغة", "Вивчення мови", "یادگیری زبان"],
        Housing = "housing" => ["Housing", "Nastanitev", "السكن", "Житло", "مسکن"],
        LegalAdministrative = "legal_administrative" => ["Legal or administrative help", "Pravna ali upravna pomoč", "مساعدة قانونية أو إدارية", "Юридична або адміністративна допомога", "کمک حقوقی یا اداری"],
        Employment = "employment" => ["Finding work", "Iskanje zaposlitve", "البحث عن عمل", "Пошук роботи", "یافتن کار"],
        Education = "education" => ["Education or training", "Izobraževanje ali usposabljanje", "التعليم أو التدريب", "Освіта або навчання", "آموزش یا کارآموزی"],
        Recognition = "recognition" => ["Recognition of qualifications", "Priznavanje kvalifikacij", "الاعتراف بالمؤهلات", "Визнання кваліфікацій", "به رسمیت شناختن مدارک"],
        Childcare = "childcare" => ["Childcare", "Varstvo otrok", "رعاية الأطفال", "Догляд за дітьми", "مراقبت از کودک"],
        Health = "health" => ["Health", "Zdravje", "الصحة", "Здоров'я", "سلامت"],
        PsychosocialSupport = "psychosocial_support" => ["Psychosocial support", "Psihosocialna podpora", "الدعم النفسي والاجتماعي", "Психосоціальна підтримка", "حمایت روانی-اجتماعی"],
        Financial = "financial" => ["Money and benefits", "Denar in socialne pomoči", "المال والإعانات", "Гроші та соціальні виплати", "پول و مزایا"],
        DigitalSkills = "digital_skills" => ["Digital skills", "Digitalne veščine", "المهارات الرقمية", "Цифрові навички", "مهارت‌های دیجیتال"],
        SocialContacts = "social_contacts" => ["Social contacts", "Družbeni stiki", "العلاقات الاجتماعية", "Соціальні контакти", "ارتباطات اجتماعی"],
        Transport = "transport" => ["Transport", "Prevoz", "المواصلات", "Транспорт", "حمل و نقل"],
    }
);

code_list!(
    /// Language level on the CEFR scale, or a native speaker.
    LanguageLevel, "language-levels", {
        A1 = "A1" => ["A1 Beginner", "A1 Začetnik", "A1 مبتدئ", "A1 Початковий", "A1 مبتدی"],
        A2 = "A2" => ["A2 Elementary", "A2 Osnovni", "A2 أساسي", "A2 Елементарний", "A2 مقدماتی"],
        B1 = "B1" => ["B1 Intermediate", "B1 Srednji", "B1 متوسط", "B1 Середній", "B1 متوسط"],
        B2 = "B2" => ["B2 Upper intermediate", "B2 Višji srednji", "B2 فوق المتوسط", "B2 Вище середнього", "B2 فوق متوسط"],
        C1 = "C1" => ["C1 Advanced", "C1 Napredni", "C1 متقدم", "C1 Просунутий", "C1 پیشرفته"],
        C2 = "C2" => ["C2 Proficient", "C2 Odlični", "C2 متمكن", "C2 Досконалий", "C2 تسلط کامل"],
        Native = "native" => ["Native speaker", "Materni jezik", "اللغة الأم", "Рідна мова", "زبان مادری"],
    }
);

code_list!(
    /// How far a foreign qualification is recognised in the host country.
    Recognition, "recognition-states", {
        NotStarted = "not_started" => ["Not started", "Ni začeto", "لم يبدأ", "Не розпочато", "شروع نشده"],
        InProgress = "in_progress" => ["In progress", "V postopku", "قيد الإجراء", "У процесі", "در جریان"],
        Recognised = "recognised" => ["Recognised", "Priznano", "معترف به", "Визнано", "به رسمیت شناخته شده"],
        PartlyRecognised = "partly_recognised" => ["Partly recognised", "Delno priznano", "معترف به جزئيًا", "Частково визнано", "تا حدی به رسمیت شناخته شده"],
        Refused = "refused" => ["Refused", "Zavrnjeno", "مرفوض", "Відмовлено", "رد شده"],
        NotNeeded = "not_needed" => ["Not needed", "Ni potrebno", "غير مطلوب", "Не потрібно", "لازم نیست"],
    }
);

code_list!(
    /// What a consent allows.
    ConsentPurpose, "consent-purposes", {
        ProfileProcessing = "profile_processing" => ["Keeping a profile", "Vodenje profila", "الاحتفاظ بملف شخصي", "Ведення профілю", "نگهداری پروفایل"],
        InterviewRecording = "interview_recording" => ["Recording interviews", "Snemanje intervjujev", "تسجيل المقابلات", "Запис інтерв'ю", "ضبط مصاحبه‌ها"],
        MarketPhotos = "market_photos" => ["Photos in the market", "Fotografije na tržnici", "صور في السوق", "Фото на ринку", "عکس‌ها در بازارچه"],
        PartnerSharing = "partner_sharing" => ["Sharing with partners", "Deljenje s partnerji", "المشاركة مع الشركاء", "Передавання партнерам", "اشتراک‌گذاری با شرکا"],
        MarketSelling = "market_selling" => ["Selling in the market", "Prodaja na tržnici", "البيع في السوق", "Продаж на ринку", "فروش در بازارچه"],
    }
);

code_list!(
    /// How well the person masters a skill.
    SkillLevel, "skill-levels", {
        Basic = "basic" => ["Basic", "Osnovno", "أساسي", "Базовий", "مقدماتی"],
        Intermediate = "intermediate" => ["Intermediate", "Srednje", "متوسط", "Середній", "متوسط"],
        Advanced = "advanced" => ["Advanced", "Napredno", "متقدم", "Високий", "پیشرفته"],
        Expert = "expert" => ["Expert", "Strokovno", "خبير", "Експертний", "متخصص"],
    }
);

code_list!(
    /// Where the skill was learnt.
    SkillAcquired, "skill-acquired", {
        OriginCountry = "origin_country" => ["In the country of origin", "V državi izvora", "في بلد المنشأ", "У країні походження", "در کشور مبدأ"],
        HostCountry = "host_country" => ["In the host country", "V državi gostiteljici", "في البلد المضيف", "У країні перебування", "در کشور میزبان"],
        Online = "online" => ["Online", "Na spletu", "عبر الإنترنت", "Онлайн", "آنلاین"],
        Informal = "informal" => ["Informally, by doing", "Neformalno, z delom", "بشكل غير رسمي، بالممارسة", "Неформально, на практиці", "به‌صورت غیررسمی، با انجام کار"],
    }
);

code_list!(
    /// What shows the person has the skill.
    SkillEvidence, "skill-evidence", {
        SelfDeclared = "self_declared" => ["Self-declared", "Po lastni izjavi", "إقرار ذاتي", "Самооцінка", "اظهار شخصی"],
        Interview = "interview" => ["Confirmed in an interview", "Potrjeno na razgovoru", "مؤكد في مقابلة", "Підтверджено на співбесіді", "تأییدشده در مصاحبه"],
        Certificate = "certificate" => ["Certificate", "Potrdilo", "شهادة", "Сертифікат", "گواهی"],
        RecognisedQualification = "recognised_qualification" => ["Recognised qualification", "Priznana kvalifikacija", "مؤهل معترف به", "Визнана кваліфікація", "مدرک به رسمیت شناخته شده"],
    }
);

code_list!(
    /// Whether an interview is with one person or a small group.
    InterviewKind, "interview-kinds", {
        Individual = "individual" => ["Individual", "Individualni", "فردية", "Індивідуальне", "فردی"],
        Group = "group" => ["Group", "Skupinski", "جماعية", "Групове", "گروهی"],
    }
);

code_list!(
    /// How an interview is held.
    InterviewChannel, "interview-channels", {
        InPerson = "in_person" => ["In person", "V živo", "حضوريًا", "Особисто", "حضوری"],
        Phone = "phone" => ["Phone", "Po telefonu", "عبر الهاتف", "Телефоном", "تلفنی"],
        Video = "video" => ["Video call", "Video klic", "مكالمة فيديو", "Відеодзвінок", "تماس تصویری"],
    }
);

code_list!(
    /// Where an interview stands.
    InterviewStatus, "interview-statuses", {
        Planned = "planned" => ["Planned", "Načrtovan", "مخطط لها", "Заплановане", "برنامه‌ریزی‌شده"],
        Done = "done" => ["Done", "Opravljen", "تمت", "Проведене", "انجام‌شده"],
        Cancelled = "cancelled" => ["Cancelled", "Odpovedan", "أُلغيت", "Скасоване", "لغوشده"],
        NoShow = "no_show" => ["No-show", "Ni prišel", "لم يحضر", "Неявка", "عدم حضور"],
    }
);

code_list!(
    /// Age bands of interview reports, at the time of the interview.
    InterviewAgeBand, "interview-age-bands", {
        Under18 = "under_18" => ["Under 18", "Pod 18", "أقل من 18", "До 18", "زیر ۱۸"],
        From18To25 = "18_25" => ["18–25", "18–25", "18–25", "18–25", "۱۸–۲۵"],
        From26To35 = "26_35" => ["26–35", "26–35", "26–35", "26–35", "۲۶–۳۵"],
        From36To45 = "36_45" => ["36–45", "36–45", "36–45", "36–45", "۳۶–۴۵"],
        From46To55 = "46_55" => ["46–55", "46–55", "46–55", "46–55", "۴۶–۵۵"],
        Over55 = "56_plus" => ["56 and over", "56 in več", "56 فأكثر", "56 і більше", "۵۶ و بیشتر"],
        Unknown = "unknown" => ["Not known", "Ni znano", "غير معروف", "Невідомо", "نامشخص"],
    }
);

code_list!(
    /// How long the person had been in the host country at the interview.
    StayLength, "stay-lengths", {
        Under3Months = "under_3_months" => ["Under 3 months", "Manj kot 3 mesece", "أقل من 3 أشهر", "Менше 3 місяців", "کمتر از ۳ ماه"],
        From3To12Months = "3_12_months" => ["3–12 months", "3–12 mesecev", "3–12 شهرًا", "3–12 місяців", "۳ تا ۱۲ ماه"],
        From1To3Years = "1_3_years" => ["1–3 years", "1–3 leta", "1–3 سنوات", "1–3 роки", "۱ تا ۳ سال"],
        From3To5Years = "3_5_years" => ["3–5 years", "3–5 let", "3–5 سنوات", "3–5 років", "۳ تا ۵ سال"],
        Over5Years = "over_5_years" => ["Over 5 years", "Več kot 5 let", "أكثر من 5 سنوات", "Понад 5 років", "بیش از ۵ سال"],
        Unknown = "unknown" => ["Not known", "Ni znano", "غير معروف", "Невідомо", "نامشخص"],
    }
);

code_list!(
    /// What kind of meeting it is.
    MeetingKind, "meeting-kinds", {
        CoCreation = "co_creation" => ["Co-creation meeting", "Sooblikovalno srečanje", "اجتماع إبداع مشترك", "Зустріч спільного творення", "جلسه هم‌آفرینی"],
        OfficeHours = "office_hours" => ["Advising office hours", "Svetovalne ure", "ساعات الاستشارة", "Консультаційні години", "ساعات مشاوره"],
        Workshop = "workshop" => ["Workshop", "Delavnica", "ورشة عمل", "Майстер-клас", "کارگاه"],
        InfoSession = "info_session" => ["Info session", "Informativno srečanje", "جلسة معلومات", "Інформаційна зустріч", "جلسه اطلاع‌رسانی"],
        SocialEvent = "social_event" => ["Social or cultural event", "Družabni ali kulturni dogodek", "فعالية اجتماعية أو ثقافية", "Соціальна чи культурна подія", "رویداد اجتماعی یا فرهنگی"],
        RoundTable = "round_table" => ["Round table", "Okrogla miza", "طاولة مستديرة", "Круглий стіл", "میزگرد"],
        Panel = "panel" => ["Panel meeting", "Srečanje panela", "اجتماع اللجنة", "Засідання панелі", "جلسه پنل"],
        Mentoring = "mentoring" => ["Mentoring session", "Mentorsko srečanje", "جلسة إرشاد", "Менторська зустріч", "جلسه منتورینگ"],
        LanguageExchange = "language_exchange" => ["Language exchange", "Jezikovna izmenjava", "تبادل لغوي", "Мовний обмін", "تبادل زبان"],
        PhotoShoot = "photo_shoot" => ["Photo shoot", "Fotografiranje", "جلسة تصوير", "Фотосесія", "عکاسی"],
        SellerPool = "seller_pool" => ["Sellers' pool meeting", "Srečanje prodajalcev", "اجتماع مجموعة البائعين", "Зустріч продавців", "جلسه گروه فروشندگان"],
        JobInterview = "job_interview" => ["Job interview", "Razgovor za zaposlitev", "مقابلة عمل", "Співбесіда", "مصاحبه کاری"],
        Other = "other" => ["Other", "Drugo", "أخرى", "Інше", "سایر"],
    }
);

code_list!(
    /// Who may come to a meeting.
    MeetingAudience, "meeting-audiences", {
        Participants = "participants" => ["The organisation's participants", "Udeleženci organizacije", "المشاركون في المنظمة", "Учасники організації", "شرکت‌کنندگان سازمان"],
        Invited = "invited" => ["Invited people only", "Samo povabljeni", "المدعوون فقط", "Лише запрошені", "فقط دعوت‌شدگان"],
        Public = "public" => ["Public", "Javno", "عام", "Відкрита подія", "عمومی"],
    }
);

code_list!(
    /// Where a meeting stands.
    MeetingStatus, "meeting-statuses", {
        Planned = "planned" => ["Planned", "Načrtovano", "مخطط له", "Заплановано", "برنامه‌ریزی‌شده"],
        Cancelled = "cancelled" => ["Cancelled", "Odpovedano", "أُلغي", "Скасовано", "لغوشده"],
        Done = "done" => ["Done", "Izvedeno", "تم", "Відбулося", "انجام‌شده"],
    }
);

code_list!(
    /// Where a person's place at a meeting stands.
    RegistrationStatus, "registration-statuses", {
        Registered = "registered" => ["Registered", "Prijavljen/a", "مسجّل", "Зареєстровано", "ثبت‌نام‌شده"],
        Waiting = "waiting" => ["On the waiting list", "Na čakalni listi", "على قائمة الانتظار", "У списку очікування", "در فهرست انتظار"],
        Cancelled = "cancelled" => ["Cancelled", "Odjavljen/a", "أُلغي", "Скасовано", "لغوشده"],
    }
);

code_list!(
    /// Whether a registered or booked person came.
    Attendance, "attendance", {
        Attended = "attended" => ["Attended", "Prisoten/a", "حضر", "Був/була присутній/я", "حاضر"],
        NoShow = "no_show" => ["Did not come", "Ni prišel/la", "لم يحضر", "Не прийшов/ла", "غایب"],
    }
);

code_list!(
    /// How an office-hours slot is held.
    BookingMode, "booking-modes", {
        InPerson = "in_person" => ["In person", "Osebno", "حضوريًا", "Особисто", "حضوری"],
        Phone = "phone" => ["By phone", "Po telefonu", "عبر الهاتف", "Телефоном", "تلفنی"],
    }
);

code_list!(
    /// What a person wants help with at office hours.
    BookingTopic, "booking-topics", {
        JobSearch = "job_search" => ["Job search", "Iskanje zaposlitve", "البحث عن عمل", "Пошук роботи", "جستجوی کار"],
        Cv = "cv" => ["CV", "Življenjepis", "السيرة الذاتية", "Резюме", "رزومه"],
        Translation = "translation" => ["Translation", "Prevod", "ترجمة", "Переклад", "ترجمه"],
        EmploymentOffice = "employment_office" => ["Employment office", "Zavod za zaposlovanje", "مكتب التوظيف", "Служба зайнятості", "اداره کار"],
        LegalAdmin = "legal_admin" => ["Legal or administrative", "Pravno ali upravno", "قانوني أو إداري", "Юридичне чи адміністративне", "حقوقی یا اداری"],
        Housing = "housing" => ["Housing", "Stanovanje", "السكن", "Житло", "مسکن"],
        Education = "education" => ["Education", "Izobraževanje", "التعليم", "Освіта", "آموزش"],
        StartingCompany = "starting_company" => ["Starting a company", "Ustanovitev podjetja", "تأسيس شركة", "Започаткування бізнесу", "راه‌اندازی کسب‌وکار"],
        Other = "other" => ["Other", "Drugo", "أخرى", "Інше", "سایر"],
    }
);

code_list!(
    /// Where an action item from a meeting stands.
    ActionItemState, "action-item-states", {
        Open = "open" => ["Open", "Odprto", "مفتوح", "Відкрито", "باز"],
        Done = "done" => ["Done", "Opravljeno", "منجز", "Виконано", "انجام‌شده"],
        Dropped = "dropped" => ["Dropped", "Opuščeno", "متروك", "Скасовано", "کنارگذاشته"],
    }
);

code_list!(
    /// What a market listing is.
    ListingCategory, "listing-categories", {
        Textiles = "textiles" => ["Textiles and clothing", "Tekstil in oblačila", "المنسوجات والملابس", "Текстиль і одяг", "منسوجات و پوشاک"],
        Jewellery = "jewellery" => ["Jewellery", "Nakit", "المجوهرات", "Прикраси", "زیورآلات"],
        Ceramics = "ceramics" => ["Ceramics", "Keramika", "الخزف", "Кераміка", "سفال و سرامیک"],
        Woodwork = "woodwork" => ["Woodwork", "Izdelki iz lesa", "المشغولات الخشبية", "Вироби з дерева", "کارهای چوبی"],
        Food = "food" => ["Food", "Hrana", "الطعام", "Їжа", "خوراکی"],
        Art = "art" => ["Art", "Umetnost", "الفن", "Мистецтво", "هنر"],
        Home = "home" => ["Home", "Dom", "المنزل", "Дім", "خانه"],
        Other = "other" => ["Other", "Drugo", "أخرى", "Інше", "سایر"],
    }
);

code_list!(
    /// Where a listed item comes from.
    ListingOrigin, "listing-origins", {
        Handmade = "handmade" => ["Handmade", "Ročno izdelano", "مصنوع يدويًا", "Ручна робота", "دست‌ساز"],
        OriginCountry = "origin_country" => ["From the country of origin", "Iz države izvora", "من بلد المنشأ", "З країни походження", "از کشور مبدأ"],
    }
);

code_list!(
    /// Where a listing stands.
    ListingStatus, "listing-statuses", {
        Draft = "draft" => ["Draft", "Osnutek", "مسودة", "Чернетка", "پیش‌نویس"],
        InReview = "in_review" => ["Awaiting approval", "Čaka na odobritev", "بانتظار الموافقة", "Очікує схвалення", "در انتظار تأیید"],
        Published = "published" => ["Published", "Objavljeno", "منشور", "Опубліковано", "منتشرشده"],
        SoldOut = "sold_out" => ["Sold out", "Razprodano", "نفدت الكمية", "Розпродано", "تمام‌شده"],
        Archived = "archived" => ["Archived", "Arhivirano", "مؤرشف", "В архіві", "بایگانی‌شده"],
    }
);

code_list!(
    /// Where a market order stands.
    OrderState, "order-states", {
        Placed = "placed" => ["Placed", "Oddano", "تم الطلب", "Оформлено", "ثبت‌شده"],
        Confirmed = "confirmed" => ["Confirmed", "Potrjeno", "مؤكد", "Підтверджено", "تأییدشده"],
        Ready = "ready" => ["Ready for pickup or shipped", "Pripravljeno ali poslano", "جاهز للاستلام أو تم الشحن", "Готове до отримання або надіслане", "آماده تحویل یا ارسال‌شده"],
        Completed = "completed" => ["Completed", "Zaključeno", "مكتمل", "Завершено", "تکمیل‌شده"],
        Cancelled = "cancelled" => ["Cancelled", "Preklicano", "ملغى", "Скасовано", "لغوشده"],
    }
);

code_list!(
    /// How a buyer gets the order.
    Fulfilment, "fulfilment", {
        Pickup = "pickup" => ["Pickup at a venue", "Prevzem na lokaciji", "الاستلام من موقع", "Самовивіз", "تحویل حضوری در محل"],
        Post = "post" => ["Delivery by post", "Dostava po pošti", "التوصيل بالبريد", "Доставка поштою", "ارسال پستی"],
    }
);

code_list!(
    /// How a buyer pays (no payment processor: a bank transfer, or cash at pickup).
    PaymentMethod, "payment-methods", {
        BankTransfer = "bank_transfer" => ["Bank transfer", "Bančno nakazilo", "تحويل مصرفي", "Банківський переказ", "انتقال بانکی"],
        Cash = "cash" => ["Cash at pickup", "Gotovina ob prevzemu", "نقدًا عند الاستلام", "Готівкою під час отримання", "نقدی هنگام تحویل"],
    }
);

/// One code and its label.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CodeItem {
    #[schema(example = "asylum_seeker")]
    pub code: String,
    #[schema(example = "Asylum seeker")]
    pub label: String,
}

/// A code list in one language.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CodeList {
    #[schema(example = "legal-statuses")]
    pub name: String,
    /// The language of the labels (the best match for `Accept-Language` or `lang`).
    #[schema(example = "en")]
    pub language: String,
    pub items: Vec<CodeItem>,
}

code_list!(
    /// What kind of opportunity it is (issue #16).
    OpportunityKind, "opportunity-kinds", {
        Job = "job" => ["Job", "Zaposlitev", "وظيفة", "Робота", "شغل"],
        Internship = "internship" => ["Internship (up to 240 hours)", "Praksa (do 240 ur)", "تدريب عملي (حتى 240 ساعة)", "Стажування (до 240 годин)", "کارآموزی (تا ۲۴۰ ساعت)"],
        Traineeship = "traineeship" => ["Traineeship", "Pripravništvo", "تدريب مهني", "Практика", "دوره کارورزی"],
        Apprenticeship = "apprenticeship" => ["Apprenticeship", "Vajeništvo", "تلمذة مهنية", "Учнівство", "شاگردی"],
        Volunteering = "volunteering" => ["Volunteering", "Prostovoljstvo", "تطوع", "Волонтерство", "داوطلبی"],
        Course = "course" => ["Course", "Tečaj", "دورة", "Курс", "دوره آموزشی"],
        Workshop = "workshop" => ["Workshop", "Delavnica", "ورشة عمل", "Майстер-клас", "کارگاه"],
        MentoringProgramme = "mentoring_programme" => ["Mentoring programme", "Mentorski program", "برنامج إرشاد", "Менторська програма", "برنامه منتورینگ"],
    }
);

code_list!(
    /// Where an opportunity stands.
    OpportunityStatus, "opportunity-statuses", {
        Draft = "draft" => ["Draft", "Osnutek", "مسودة", "Чернетка", "پیش‌نویس"],
        Open = "open" => ["Open", "Odprto", "مفتوحة", "Відкрито", "باز"],
        Closed = "closed" => ["Closed", "Zaprto", "مغلقة", "Закрито", "بسته"],
        Filled = "filled" => ["Filled", "Zasedeno", "تم شغلها", "Заповнено", "تکمیل‌شده"],
    }
);

code_list!(
    /// Where the work or course takes place.
    WorkPlace, "work-places", {
        OnSite = "on_site" => ["On site", "Na lokaciji", "في الموقع", "На місці", "حضوری"],
        Remote = "remote" => ["Remote", "Na daljavo", "عن بُعد", "Дистанційно", "دورکاری"],
        Hybrid = "hybrid" => ["Hybrid", "Hibridno", "مختلط", "Гібридно", "ترکیبی"],
    }
);

code_list!(
    /// The contract an opportunity comes with.
    ContractType, "contract-types", {
        Permanent = "permanent" => ["Permanent contract", "Pogodba za nedoločen čas", "عقد دائم", "Безстроковий договір", "قرارداد دائم"],
        FixedTerm = "fixed_term" => ["Fixed-term contract", "Pogodba za določen čas", "عقد محدد المدة", "Строковий договір", "قرارداد موقت"],
        InternshipAgreement = "internship_agreement" => ["Internship agreement", "Pogodba o praksi", "اتفاقية تدريب", "Договір про стажування", "قرارداد کارآموزی"],
        StudentWork = "student_work" => ["Student work", "Študentsko delo", "عمل طلابي", "Студентська робота", "کار دانشجویی"],
        ApprenticeshipContract = "apprenticeship_contract" => ["Apprenticeship contract", "Učna pogodba", "عقد تلمذة مهنية", "Договір учнівства", "قرارداد شاگردی"],
        VolunteerAgreement = "volunteer_agreement" => ["Volunteer agreement", "Dogovor o prostovoljskem delu", "اتفاقية تطوع", "Угода про волонтерство", "توافق‌نامه داوطلبی"],
        None = "none" => ["No contract", "Brez pogodbe", "بدون عقد", "Без договору", "بدون قرارداد"],
    }
);

code_list!(
    /// What a pay range is counted per.
    PayPeriod, "pay-periods", {
        Hour = "hour" => ["per hour", "na uro", "في الساعة", "за годину", "در ساعت"],
        Month = "month" => ["per month", "na mesec", "في الشهر", "на місяць", "در ماه"],
        Year = "year" => ["per year", "na leto", "في السنة", "на рік", "در سال"],
        Total = "total" => ["in total", "skupaj", "إجمالًا", "загалом", "در مجموع"],
    }
);

code_list!(
    /// Where an application stands.
    ApplicationState, "application-states", {
        Proposed = "proposed" => ["Proposed by an adviser", "Predlagal svetovalec", "اقترحه مستشار", "Запропоновано консультантом", "پیشنهاد مشاور"],
        Applied = "applied" => ["Applied", "Prijava oddana", "تم التقديم", "Подано заявку", "درخواست داده شد"],
        Shortlisted = "shortlisted" => ["Shortlisted", "V ožjem izboru", "في القائمة المختصرة", "У короткому списку", "در فهرست کوتاه"],
        Interview = "interview" => ["Interview", "Razgovor", "مقابلة", "Співбесіда", "مصاحبه"],
        Offer = "offer" => ["Offer", "Ponudba", "عرض", "Пропозиція", "پیشنهاد کار"],
        Hired = "hired" => ["Hired", "Zaposlen/a", "تم التوظيف", "Прийнято", "استخدام شد"],
        Rejected = "rejected" => ["Not selected", "Ni izbran/a", "لم يتم الاختيار", "Не відібрано", "انتخاب نشد"],
        Withdrawn = "withdrawn" => ["Withdrawn", "Umaknjeno", "تم السحب", "Відкликано", "پس گرفته شد"],
    }
);

code_list!(
    /// What an application or a course ended in.
    OutcomeKind, "outcome-kinds", {
        Permanent = "permanent" => ["Permanent job", "Zaposlitev za nedoločen čas", "وظيفة دائمة", "Постійна робота", "شغل دائم"],
        FixedTerm = "fixed_term" => ["Fixed-term job", "Zaposlitev za določen čas", "وظيفة محددة المدة", "Тимчасова робота", "شغل موقت"],
        Internship = "internship" => ["Internship", "Praksa", "تدريب عملي", "Стажування", "کارآموزی"],
        Training = "training" => ["Training", "Usposabljanje", "تدريب", "Навчання", "آموزش"],
        Studies = "studies" => ["Studies", "Študij", "دراسة", "Навчання у закладі освіти", "تحصیل"],
        SelfEmployment = "self_employment" => ["Self-employment", "Samozaposlitev", "عمل حر", "Самозайнятість", "خوداشتغالی"],
    }
);

/// Names of every code list.
pub const LIST_NAMES: &[&str] = &[
    "countries",
    "languages",
    Gender::LIST,
    LegalStatus::LIST,
    WorkPermit::LIST,
    EducationLevel::LIST,
    EmploymentState::LIST,
    Need::LIST,
    LanguageLevel::LIST,
    Recognition::LIST,
    ConsentPurpose::LIST,
    SkillLevel::LIST,
    SkillAcquired::LIST,
    SkillEvidence::LIST,
    InterviewKind::LIST,
    InterviewChannel::LIST,
    InterviewStatus::LIST,
    InterviewAgeBand::LIST,
    StayLength::LIST,
    MeetingKind::LIST,
    MeetingAudience::LIST,
    MeetingStatus::LIST,
    RegistrationStatus::LIST,
    Attendance::LIST,
    BookingMode::LIST,
    BookingTopic::LIST,
    ActionItemState::LIST,
    ListingCategory::LIST,
    ListingOrigin::LIST,
    ListingStatus::LIST,
    OrderState::LIST,
    Fulfilment::LIST,
    PaymentMethod::LIST,
    OpportunityKind::LIST,
    OpportunityStatus::LIST,
    WorkPlace::LIST,
    ContractType::LIST,
    PayPeriod::LIST,
    ApplicationState::LIST,
    OutcomeKind::LIST,
];

type Names = BTreeMap<String, BTreeMap<String, String>>;

fn load(json: &str) -> Names {
    serde_json::from_str(json).unwrap_or_default()
}

/// ISO 3166-1 alpha-2 codes with names.
pub fn countries() -> &'static Names {
    static C: OnceLock<Names> = OnceLock::new();
    C.get_or_init(|| load(include_str!("../data/countries.json")))
}

/// ISO 639-1 (and some ISO 639-3) codes with names.
pub fn languages() -> &'static Names {
    static L: OnceLock<Names> = OnceLock::new();
    L.get_or_init(|| load(include_str!("../data/languages.json")))
}

fn named_items(names: &Names, lang: &str) -> Vec<CodeItem> {
    let mut items: Vec<CodeItem> = names
        .iter()
        .map(|(code, labels)| CodeItem {
            code: code.clone(),
            label: labels
                .get(lang)
                .or_else(|| labels.get("en"))
                .cloned()
                .unwrap_or_else(|| code.clone()),
        })
        .collect();
    items.sort_by_key(|i| i.label.to_lowercase());
    items
}

/// A code list by name, labelled in `lang`.
pub fn list(name: &str, lang: &str) -> Option<CodeList> {
    let items = match name {
        "countries" => named_items(countries(), lang),
        "languages" => named_items(languages(), lang),
        Gender::LIST => Gender::items(lang),
        LegalStatus::LIST => LegalStatus::items(lang),
        WorkPermit::LIST => WorkPermit::items(lang),
        EducationLevel::LIST => EducationLevel::items(lang),
        EmploymentState::LIST => EmploymentState::items(lang),
        Need::LIST => Need::items(lang),
        LanguageLevel::LIST => LanguageLevel::items(lang),
        Recognition::LIST => Recognition::items(lang),
        ConsentPurpose::LIST => ConsentPurpose::items(lang),
        SkillLevel::LIST => SkillLevel::items(lang),
        SkillAcquired::LIST => SkillAcquired::items(lang),
        SkillEvidence::LIST => SkillEvidence::items(lang),
        InterviewKind::LIST => InterviewKind::items(lang),
        InterviewChannel::LIST => InterviewChannel::items(lang),
        InterviewStatus::LIST => InterviewStatus::items(lang),
        InterviewAgeBand::LIST => InterviewAgeBand::items(lang),
        StayLength::LIST => StayLength::items(lang),
        MeetingKind::LIST => MeetingKind::items(lang),
        MeetingAudience::LIST => MeetingAudience::items(lang),
        MeetingStatus::LIST => MeetingStatus::items(lang),
        RegistrationStatus::LIST => RegistrationStatus::items(lang),
        Attendance::LIST => Attendance::items(lang),
        BookingMode::LIST => BookingMode::items(lang),
        BookingTopic::LIST => BookingTopic::items(lang),
        ActionItemState::LIST => ActionItemState::items(lang),
        ListingCategory::LIST => ListingCategory::items(lang),
        ListingOrigin::LIST => ListingOrigin::items(lang),
        ListingStatus::LIST => ListingStatus::items(lang),
        OrderState::LIST => OrderState::items(lang),
        Fulfilment::LIST => Fulfilment::items(lang),
        PaymentMethod::LIST => PaymentMethod::items(lang),
        OpportunityKind::LIST => OpportunityKind::items(lang),
        OpportunityStatus::LIST => OpportunityStatus::items(lang),
        WorkPlace::LIST => WorkPlace::items(lang),
        ContractType::LIST => ContractType::items(lang),
        PayPeriod::LIST => PayPeriod::items(lang),
        ApplicationState::LIST => ApplicationState::items(lang),
        OutcomeKind::LIST => OutcomeKind::items(lang),
        _ => return None,
    };
    Some(CodeList {
        name: name.to_string(),
        language: lang.to_string(),
        items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_supported_language() {
        assert_eq!(pick_language(None), "en");
        assert_eq!(pick_language(Some("sl-SI,sl;q=0.9,en;q=0.8")), "sl");
        assert_eq!(pick_language(Some("de-DE,ar;q=0.5,en;q=0.4")), "ar");
        assert_eq!(pick_language(Some("en;q=0.1, fa;q=0.9")), "fa");
        assert_eq!(pick_language(Some("uk;q=0, de")), "en");
        assert_eq!(pick_language(Some("*")), "en");
    }

    #[test]
    fn every_list_has_labels_in_every_language() {
        for name in LIST_NAMES {
            for lang in LANGUAGES {
                let list = list(name, lang).unwrap_or_else(|| panic!("{name}"));
                assert!(!list.items.is_empty(), "{name}");
                assert!(
                    list.items.iter().all(|i| !i.label.is_empty()),
                    "{name} {lang}"
                );
            }
        }
        assert_eq!(countries().len(), 249);
        assert_eq!(
            list("legal-statuses", "ar")
                .map(|l| l.items[0].label.clone())
                .as_deref(),
            Some("طالب لجوء")
        );
        assert_eq!(
            countries()
                .get("SI")
                .and_then(|n| n.get("sl"))
                .map(String::as_str),
            Some("Slovenija")
        );
    }
}
