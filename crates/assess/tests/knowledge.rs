//! The data files load, cite their sources and can be replaced by edited
//! copies.

use casecourse_assess::knowledge::{FILES, Knowledge, get};

#[test]
fn every_data_file_loads_and_cites_sources() {
    let kb = get().expect("data/assess parses");
    for meta in [
        &kb.physiology.meta,
        &kb.acid_base.meta,
        &kb.glucocorticoids.meta,
        &kb.drugs.meta,
        &kb.criteria.meta,
        &kb.prognosis.meta,
        &kb.names.meta,
    ] {
        assert!(!meta.sources.is_empty(), "{} has sources", meta.title);
        assert!(!meta.licence.is_empty());
    }
    for (name, text) in FILES {
        let v: toml::Table = toml::from_str(text).unwrap();
        // Every table with numbers carries a source and a status tag.
        for (key, table) in v.iter().filter(|(k, _)| *k != "meta") {
            let rows: Vec<&toml::Value> = match table {
                toml::Value::Array(a) => a.iter().collect(),
                t => vec![t],
            };
            for row in rows {
                let Some(t) = row.as_table() else { continue };
                if key == "names" {
                    continue;
                }
                assert!(t.contains_key("source"), "{name} [{key}] names its source");
                if !matches!(key.as_str(), "eular_acr_2017") {
                    assert!(
                        t.contains_key("status") || t.contains_key("mechanism"),
                        "{name} [{key}] has a status"
                    );
                }
            }
        }
    }
    assert!(kb.glucocorticoids.factor("methylprednisolone").is_some());
}

#[test]
fn edited_copies_can_replace_recalled_values() {
    let dir = std::env::temp_dir().join(format!("assess-kb-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in FILES {
        let text = if name == "prognosis.toml" {
            text.replace("kl6_min = 1000.0", "kl6_min = 3000.0")
        } else {
            text.to_string()
        };
        std::fs::write(dir.join(name), text).unwrap();
    }
    let kb = Knowledge::from_files(&dir).unwrap();
    assert_eq!(kb.prognosis.mck.kl6_min, 3000.0);
    std::fs::write(dir.join("criteria.toml"), "[meta]\ntitle = 1").unwrap();
    let err = Knowledge::from_files(&dir).unwrap_err().to_string();
    assert!(err.contains("criteria.toml"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
