//! The built-in data files parse, carry provenance and hold no duplicates.

use std::collections::HashMap;

use casecourse_knowledge::Lexicon;

#[test]
fn builtin_lexicon_loads_with_provenance() {
    let lex = Lexicon::builtin().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        lex.provenance.len(),
        casecourse_knowledge::BUILTIN_FILES.len()
    );
    for (file, meta) in &lex.provenance {
        assert!(!meta.sources.is_empty(), "{file} names no source");
        assert!(!meta.licence.trim().is_empty(), "{file} names no licence");
    }
    assert!(lex.drugs.len() >= 100, "{} drugs", lex.drugs.len());
    assert!(lex.analytes.len() >= 60, "{} analytes", lex.analytes.len());
}

#[test]
fn canonical_names_are_unique_within_a_table() {
    let lex = Lexicon::builtin().unwrap();
    let check = |table: &str, names: Vec<&str>| {
        let mut seen = HashMap::new();
        for n in names {
            if let Some(prev) = seen.insert(n.to_lowercase(), n) {
                panic!("{table}: duplicate canonical name {prev:?}");
            }
        }
    };
    check("drugs", lex.drugs.iter().map(|d| d.name.as_str()).collect());
    check(
        "analytes",
        lex.analytes.iter().map(|d| d.name.as_str()).collect(),
    );
    check(
        "conditions",
        lex.conditions.iter().map(|d| d.name.as_str()).collect(),
    );
    check(
        "antibodies",
        lex.antibodies.iter().map(|d| d.name.as_str()).collect(),
    );
}

#[test]
fn analyte_units_and_ranges_are_coherent() {
    let lex = Lexicon::builtin().unwrap();
    for a in &lex.analytes {
        if let (Some(lo), Some(hi)) = (a.ref_low, a.ref_high) {
            assert!(lo <= hi, "{}: reference range {lo}..{hi}", a.name);
        }
        for c in &a.conversions {
            assert!(
                c.factor > 0.0 && c.factor.is_finite(),
                "{}: conversion from {}",
                a.name,
                c.from
            );
        }
        assert!(
            ["lab", "vital", "pft", "exam", "finding"].contains(&a.kind.as_str()),
            "{}: kind {}",
            a.name,
            a.kind
        );
    }
    // ng/mL and ug/L are the same mass concentration (1 ng/mL = 1 ug/L).
    let ferritin = lex.analyte("ferritin").expect("ferritin");
    assert_eq!(ferritin.to_canonical(666.3, "ug/L"), Some(666.3));
    // IFCC-NGSP master equation (Hoelzel 2004): 48 mmol/mol is 6.5 %.
    let a1c = lex.analyte("hemoglobin A1c").expect("HbA1c");
    let ngsp = a1c
        .to_canonical(48.0, "mmol/mol")
        .expect("mmol/mol converts");
    assert!((ngsp - 6.5).abs() < 0.05, "{ngsp}");
    // An enzyme's IU/L is its U/L (IFCC: 1 U = 1 µmol/min); a mass test
    // that also lists U/L (CK-MB activity) reads IU/L without converting.
    let alt = lex.analyte("alanine aminotransferase").expect("ALT");
    assert!(alt.lists_unit("[iU]/L"));
    assert_eq!(alt.to_canonical(41.0, "[iU]/L"), Some(41.0));
    let ckmb = lex.analyte("creatine kinase MB").expect("CK-MB");
    assert!(ckmb.lists_unit("[iU]/L") && ckmb.to_canonical(67.0, "[iU]/L").is_none());
    assert!(!ferritin.lists_unit("[iU]/L"));
}

#[test]
fn a_broken_file_is_named_with_its_position() {
    let dir = std::env::temp_dir().join(format!("cc-lex-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in casecourse_knowledge::BUILTIN_FILES {
        std::fs::write(dir.join(name), text).unwrap();
    }
    std::fs::write(dir.join("routes.toml"), "[meta]\ntitle='x'\nsources=['y']\nlicence='z'\n[[route]]\nname='oral'\ncode='PO'\nsurfaces=['po']\ncolour='blue'\n").unwrap();
    let err = Lexicon::from_dir(&dir).unwrap_err().to_string();
    assert!(
        err.contains("routes.toml") && err.contains("colour"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_builtin_json_copy_equals_the_curated_toml() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/lexicon");
    let from_toml = Lexicon::from_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
    let builtin = Lexicon::builtin().unwrap();
    assert_eq!(format!("{from_toml:?}"), format!("{builtin:?}"));
}

#[test]
fn an_analyte_given_as_a_drug_names_a_known_drug() {
    let lex = Lexicon::builtin().unwrap();
    for a in &lex.analytes {
        if let Some(d) = &a.given_as {
            assert!(lex.drug(d).is_some(), "{}: drug {d:?} unknown", a.name);
        }
    }
    assert!(lex.analytes.iter().any(|a| a.given_as.is_some()));
}

#[test]
fn a_regimen_component_is_a_known_drug() {
    let lex = Lexicon::builtin().unwrap();
    for d in &lex.drugs {
        for c in &d.components {
            assert!(
                lex.drugs
                    .iter()
                    .any(|x| &x.name == c && x.components.is_empty()),
                "{}: component {c:?} is not a single drug of drugs.toml",
                d.name
            );
        }
    }
    assert!(lex.drugs.iter().any(|d| !d.components.is_empty()));
}

#[test]
fn a_drug_route_is_a_known_route() {
    let lex = Lexicon::builtin().unwrap();
    for d in &lex.drugs {
        for r in d.route.iter().chain(&d.sole_route) {
            assert!(
                lex.routes.iter().any(|x| &x.name == r),
                "{}: route {r:?} is not in routes.toml",
                d.name
            );
        }
        assert!(d.route.is_none() || d.sole_route.is_none(), "{}", d.name);
    }
    assert!(lex.drugs.iter().any(|d| d.route.is_some()));
    assert!(lex.drugs.iter().any(|d| d.sole_route.is_some()));
}

#[test]
fn a_cue_phrase_has_one_meaning_per_role_family() {
    // The same phrase listed twice with roles of one family ("weaned off"
    // as both dose-taper and dose-stop) leaves which one wins to the
    // matcher's order.
    let lex = Lexicon::builtin().unwrap();
    let family = |role: &str| role.split('-').next().unwrap_or(role).to_string();
    let mut seen: HashMap<(String, String), &str> = HashMap::new();
    for c in &lex.cues {
        let key = (c.phrase.to_lowercase(), family(&c.role));
        if let Some(prev) = seen.insert(key, &c.role)
            && prev != c.role
        {
            panic!("cue {:?}: roles {prev} and {}", c.phrase, c.role);
        }
    }
}

#[test]
fn a_shared_short_form_is_the_terms_own_and_its_other_sense_exists() {
    let lex = Lexicon::builtin().expect("builtin lexicon");
    let mut seen = 0;
    for t in &lex.conditions {
        let Some(amb) = &t.ambiguous else { continue };
        seen += 1;
        for a in &amb.abbreviations {
            assert!(
                t.abbreviations.contains(a),
                "{}: {a} is not its abbreviation",
                t.name
            );
        }
        assert!(!amb.context.is_empty(), "{}: no context words", t.name);
        for w in &amb.context {
            assert_eq!(
                *w,
                w.to_lowercase(),
                "{}: context words are lowercase",
                t.name
            );
        }
        if let Some(other) = &amb.otherwise {
            assert!(
                lex.conditions.iter().any(|c| &c.name == other),
                "{}: otherwise names no condition {other:?}",
                t.name
            );
        }
    }
    assert!(seen > 0);
}
