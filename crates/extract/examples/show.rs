//! Prints the facts extracted from a file, one line each:
//! `cargo run -p casecourse-extract --example show -- FILE`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: show FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let course = casecourse_extract::extract(&text, &casecourse_extract::Options::default());
    for row in casecourse_model::flat_rows(&course) {
        let mut v = serde_json::to_value(&row).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            for k in ["id", "span_start", "span_end"] {
                o.remove(k);
            }
        }
        println!("{v}");
    }
    println!("index: {:?}", course.index);
    for w in &course.warnings {
        println!("warning[{}]: {}", w.code, w.message);
    }
}
