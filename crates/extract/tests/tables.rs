//! Tables flattened to text: a header line of times gives each column its
//! time, whether the cells are split by bars, tabs or only by spaces, and
//! the header holds over the row lines that follow it. Header cells may
//! also name a column of units, of reference ranges, or (in a table of
//! treatments) of start and stop times.

mod common;

use casecourse_model::{Course, Kind, Value};
use common::{all, course, fact};

/// (day, value) of every result named `name`, in order.
fn series(c: &Course, name: &str) -> Vec<(f64, f64)> {
    all(c, name)
        .iter()
        .map(|f| {
            let v = match f.value {
                Some(Value::Number(v)) => v,
                ref other => panic!("{name}: value {other:?}"),
            };
            (f.time.day.expect("a day"), v)
        })
        .collect()
}

#[test]
fn a_header_line_of_days_dates_the_columns_of_the_rows_below_it() {
    let c = course(
        "A 24-year-old man was admitted with an abdominal mass.\n\n\
         Parameter | Day 1 | Day 2 | Day 4\n\
         Potassium (mmol/L) | 4.9 | 6.2 | 4.2\n\
         Creatinine (umol/L) | 98 | 240 | 150\n",
    );
    assert_eq!(
        series(&c, "potassium"),
        [(0.0, 4.9), (1.0, 6.2), (3.0, 4.2)]
    );
    let creatinine = all(&c, "creatinine");
    assert_eq!(creatinine.len(), 3);
    assert!(
        creatinine
            .iter()
            .all(|f| f.unit.as_deref() == Some("umol/L"))
    );
}

#[test]
fn a_table_laid_out_with_spaces_or_tabs_is_read_by_its_header() {
    let c = course(
        "A 24-year-old man was admitted with an abdominal mass.\n\n\
         Test\tAdmission\tDay 3\tDay 7\n\
         Uric acid (umol/L)\t610\t780\t120\n\
         Phosphate (mmol/L)\t1.9\t-\t1.3\n",
    );
    assert_eq!(
        series(&c, "uric acid"),
        [(0.0, 610.0), (2.0, 780.0), (6.0, 120.0)]
    );
    // A dash is an empty cell: the last value stays in its own column.
    assert_eq!(series(&c, "phosphate"), [(0.0, 1.9), (6.0, 1.3)]);
}

#[test]
fn a_header_ends_where_its_rows_end() {
    let c = course(
        "A 24-year-old man was admitted.\n\n\
         Parameter Day 1 Day 5\n\
         Potassium (mmol/L) 4.9 6.2\n\
         He was discharged well.\n\
         Creatinine (umol/L) 98 240\n",
    );
    assert_eq!(series(&c, "potassium").len(), 2);
    // Two numbers after a name but no header in force: not a table row.
    assert!(series(&c, "creatinine").len() < 2);
}

#[test]
fn a_unit_in_brackets_after_a_name_is_the_unit_of_its_number() {
    let c = course("A 60-year-old woman was admitted. CRP (mg/L): 86.");
    let crp = &all(&c, "C-reactive protein")[0];
    assert_eq!(crp.value, Some(Value::Number(86.0)));
    assert_eq!(crp.unit.as_deref(), Some("mg/L"));
}

#[test]
fn a_label_ended_by_a_colon_does_not_swallow_the_first_column() {
    let c = course(
        "A 38-year-old man was admitted with an abdominal mass.\n\n\
         Laboratory trend (flattened; columns: day 1 | day 2 | day 4 | day 8)\n\
         Potassium, mmol/L (3.5-5.3): 4.6 | 6.4 | 4.2 | 4.0\n\
         Creatinine, umol/L (60-110): 118 | - | 134 | 100\n",
    );
    assert_eq!(
        series(&c, "potassium"),
        [(0.0, 4.6), (1.0, 6.4), (3.0, 4.2), (7.0, 4.0)]
    );
    assert_eq!(
        series(&c, "creatinine"),
        [(0.0, 118.0), (3.0, 134.0), (7.0, 100.0)]
    );
    for f in all(&c, "potassium") {
        assert_eq!(f.unit.as_deref(), Some("mmol/L"), "{f:#?}");
    }
}

#[test]
fn a_table_with_a_day_per_row_dates_each_row_and_takes_units_from_its_header() {
    let c = course(
        "A 38-year-old woman was admitted with thrombocytopenia.\n\n\
         Table 1. Laboratory course (day | platelets ×10^9/L | LDH U/L | \
         comment): 1 | 9 | 1480 | -; 3 | 38 | 1020 | -; 8 | 162 | <250 | stable.\n",
    );
    assert_eq!(
        series(&c, "platelet count"),
        [(0.0, 9.0), (2.0, 38.0), (7.0, 162.0)]
    );
    let ldh = all(&c, "lactate dehydrogenase");
    assert_eq!(ldh.len(), 3);
    assert!(ldh.iter().all(|f| f.unit.as_deref() == Some("U/L")));
    // "<250" is a bound, not a number of its own.
    assert_eq!(ldh[2].comparator, Some(casecourse_model::Comparator::Lt));
}

#[test]
fn rows_of_hours_take_their_units_from_the_legend_under_the_table() {
    let c = course(
        "A 70-year-old man was admitted with hyperglycaemia.\n\n\
         SERIAL RESULTS (time: glucose | Na | other)\n\
         2 h: 41.2 | 154 | -\n\
         6 h: 33.9 | 153 | lactate 1.8, urea 22.1\n\
         (glucose mmol/L, Na mmol/L; urea mmol/L)\n\
         He recovered.\n",
    );
    let glucose = all(&c, "glucose");
    assert_eq!(glucose.len(), 2);
    assert!(glucose.iter().all(|f| f.unit.as_deref() == Some("mmol/L")));
    let hours: Vec<f64> = glucose.iter().map(|f| f.time.day.unwrap() * 24.0).collect();
    assert!(
        (hours[0] - 2.0).abs() < 0.01 && (hours[1] - 6.0).abs() < 0.01,
        "{hours:?}"
    );
    assert_eq!(series(&c, "sodium").len(), 2);
    // A result written in a row's free cell takes the row's time.
    let lactate = all(&c, "lactate");
    assert_eq!(lactate.len(), 1);
    assert!((lactate[0].time.day.unwrap() * 24.0 - 6.0).abs() < 0.01);
    // ... and its unit from the legend, when the legend names it.
    assert_eq!(fact(&c, "urea").unit.as_deref(), Some("mmol/L"));
    assert_eq!(lactate[0].unit, None);
}

#[test]
fn without_a_legend_a_cell_keeps_no_unit_rather_than_a_guessed_one() {
    let c = course(
        "A 70-year-old man was admitted with hyperglycaemia.\n\n\
         Results (time | glucose | Na)\n\
         2 h | 41.2 | 154\n\
         6 h | 33.9 | 153\n\
         He recovered on insulin 4 units/h.\n",
    );
    let glucose = all(&c, "glucose");
    assert_eq!(glucose.len(), 2);
    assert!(glucose.iter().all(|f| f.unit.is_none()));
}

#[test]
fn a_row_of_timed_cells_dates_each_value_by_its_own_cell() {
    let c = course(
        "A 40-year-old man was admitted with vomiting.\n\n\
         Serial results by day of admission.\n\
         Creatine kinase (U/L): day 1 12,480; day 3 -; day 5 8,210.\n\
         Ferritin (ng/mL): 1,520 (day 1); 980 (day 8).\n",
    );
    assert_eq!(
        series(&c, "creatine kinase"),
        [(0.0, 12480.0), (4.0, 8210.0)]
    );
    assert_eq!(series(&c, "ferritin"), [(0.0, 1520.0), (7.0, 980.0)]);
    assert!(
        all(&c, "ferritin")
            .iter()
            .all(|f| f.unit.as_deref() == Some("ng/mL"))
    );
}

#[test]
fn prose_with_a_colon_and_semicolons_is_not_read_as_a_timed_row() {
    let c = course(
        "A 40-year-old man was admitted with vomiting.\n\n\
         Creatinine: it rose to 240 umol/L on day 3; it fell after fluids.\n",
    );
    assert_eq!(series(&c, "creatinine"), [(2.0, 240.0)]);
}

#[test]
fn a_caption_may_give_the_columns_in_brackets_and_rows_may_name_antibodies() {
    let c = course(
        "A 44-year-old man was admitted.\nTable 1. Key values (given as diagnosis | month 6 | month 12). Eosinophils, × 10^9/L: 6.2 | 1.4 | 0.08; FEV1, L (% predicted): 2.31 (64) | 1.98 (55) | 3.02 (84); MPO-ANCA, IU/mL: 48 | 9 | <3.5.\n",
    );
    let at = |name: &str, value: f64| {
        c.facts
            .iter()
            .find(|f| f.name == name && f.value == Some(Value::Number(value)))
            .unwrap_or_else(|| panic!("no {name} {value} in {:#?}", c.facts))
            .time
            .anchor_day()
            .map(|d| (d / 7.0).round())
    };
    assert_eq!(at("eosinophil count", 1.4), Some(26.0));
    assert_eq!(at("eosinophil count", 0.08), Some(52.0));
    // Litres for the name, the bracket for its percent of predicted.
    assert_eq!(at("forced expiratory volume in 1 second", 1.98), Some(26.0));
    assert_eq!(
        at(
            "forced expiratory volume in 1 second, percent predicted",
            55.0
        ),
        Some(26.0)
    );
    assert_eq!(at("MPO-ANCA", 9.0), Some(26.0));
    let last = fact(&c, "MPO-ANCA");
    assert_eq!(last.kind, Kind::Antibody);
    assert_eq!(last.unit.as_deref(), Some("[iU]/mL"));
}

#[test]
fn columns_headed_by_an_amount_of_time_are_read_at_that_time() {
    let c = course(
        "A 50-year-old woman with dermatomyositis was admitted and treated with prednisolone.\n\
         Table 2. Laboratory course.\n\
         Variable Admission 1 month 3 months 6 months\n\
         Ferritin (ng/mL) 2400 800 300 120\n\n\
         Table 3. Course.\n\
         Variable Before treatment After 2 weeks After 1 month\n\
         CK (U/L) 3000 900 200\n",
    );
    let weeks = |name: &str| -> Vec<(i64, f64)> {
        let mut v: Vec<(i64, f64)> = all(&c, name)
            .iter()
            .filter_map(|f| {
                let day = f.time.anchor_day()?;
                match f.value {
                    Some(casecourse_model::Value::Number(n)) => {
                        Some(((day / 7.0).round() as i64, n))
                    }
                    _ => None,
                }
            })
            .collect();
        v.sort_by_key(|x| x.0);
        v
    };
    assert_eq!(
        weeks("ferritin"),
        vec![(0, 2400.0), (4, 800.0), (13, 300.0), (26, 120.0)]
    );
    assert_eq!(
        weeks("creatine kinase"),
        vec![(0, 3000.0), (2, 900.0), (4, 200.0)]
    );
}

#[test]
fn cells_parted_by_tabs_keep_their_columns_and_an_empty_cell_keeps_its_place() {
    let c = course(
        "A 54-year-old woman was admitted with fever.\n\n\
         Table 1. Laboratory findings.\n\
         Parameter\tAdmission\tDay 7\tWeek 4\n\
         CRP (mg/L)\t148\t\t12\n\
         LDH (U/L)\t512\t430\t298\n",
    );
    // The empty cell between two tabs is Day 7's: 12 stays at week 4.
    assert_eq!(
        series(&c, "C-reactive protein"),
        [(0.0, 148.0), (28.0, 12.0)]
    );
    let ldh = series(&c, "lactate dehydrogenase");
    assert_eq!(ldh.len(), 3);
    assert_eq!(ldh[2], (28.0, 298.0));
}

#[test]
fn a_column_of_units_and_one_of_reference_ranges_give_units_and_ranges_not_results() {
    let c = course(
        "A 54-year-old woman was admitted with fever.\n\n\
         Table 1. Laboratory findings during the course.\n\
         Parameter | Unit | Admission | Week 4 | Reference range\n\
         Ferritin | ng/mL | 2450 H | 320 | 30-400\n\
         Albumin | g/L | 28 L | 36 | 35-50\n",
    );
    let ferritin = all(&c, "ferritin");
    assert_eq!(ferritin.len(), 2, "{ferritin:#?}");
    assert!(ferritin.iter().all(|f| f.unit.as_deref() == Some("ng/mL")));
    assert_eq!(ferritin[0].flag, Some(casecourse_model::Flag::High));
    assert_eq!(ferritin[1].flag, Some(casecourse_model::Flag::Normal));
    let range = ferritin[1]
        .reference_range
        .as_ref()
        .expect("the printed range");
    assert_eq!((range.low, range.high), (Some(30.0), Some(400.0)));
    assert_eq!(range.source, "text");
    // "28 L": the value without its flag letter, flagged low.
    let albumin = all(&c, "albumin");
    assert_eq!(series(&c, "albumin"), [(0.0, 28.0), (28.0, 36.0)]);
    assert_eq!(albumin[0].flag, Some(casecourse_model::Flag::Low));
}

#[test]
fn a_header_of_result_unit_and_range_reads_one_result_per_row() {
    let c = course(
        "A 61-year-old man was admitted with haemoptysis.\n\n\
         Test | Result | Unit | Reference range\n\
         Creatinine | 412 | umol/L | 60-110\n\
         Potassium | 5.9 | mmol/L | 3.5-5.3\n",
    );
    let creatinine = all(&c, "creatinine");
    assert_eq!(creatinine.len(), 1, "{creatinine:#?}");
    assert_eq!(creatinine[0].value, Some(Value::Number(412.0)));
    assert_eq!(creatinine[0].unit.as_deref(), Some("umol/L"));
    assert_eq!(
        all(&c, "potassium")[0].flag,
        Some(casecourse_model::Flag::High)
    );
}

#[test]
fn a_table_of_treatments_dates_each_drug_by_its_start_and_stop_cells() {
    for sep in [" | ", "\t"] {
        let text = format!(
            "A 54-year-old woman was admitted with fever.\n\n\
             Table 2. Treatment.\n\
             Drug{sep}Dose{sep}Route{sep}Start{sep}Stop{sep}Reason for stopping\n\
             Tacrolimus{sep}2 mg twice daily{sep}oral{sep}Day 5{sep}Week 10{sep}nephrotoxicity\n\
             Mycophenolate mofetil{sep}1000 mg BID{sep}oral{sep}Week 10{sep}ongoing{sep}-\n"
        );
        let c = course(&text);
        let tac = fact(&c, "tacrolimus");
        assert_eq!(tac.kind, Kind::Medication);
        let end = tac.time.end_day.expect("stopped at week 10");
        assert!((end - 70.0).abs() < 1.0, "{sep:?}: {:?}", tac.time);
        assert!(
            tac.time.day.is_some_and(|d| d < 7.0),
            "{sep:?}: {:?}",
            tac.time
        );
        let mmf = fact(&c, "mycophenolate mofetil");
        assert!(
            mmf.time.day.is_some_and(|d| (d - 70.0).abs() < 1.0),
            "{:?}",
            mmf.time
        );
        // "ongoing": no end.
        assert_eq!(mmf.time.end_day, None);
        assert_eq!(
            mmf.dosage.as_ref().and_then(|d| d.action),
            Some(casecourse_model::DoseAction::Start)
        );
    }
}

#[test]
fn a_table_copied_one_cell_per_line_is_read_under_its_caption() {
    let text = "A 54-year-old woman was admitted with fever.\n\n\
         Table 1. Laboratory course.\n\
         Parameter\nAdmission\nDay 7\nWeek 4\n\
         CRP (mg/L)\n148\n62\n12\n\
         LDH (U/L)\n512\n-\n298\n\n\
         She recovered.\n";
    let c = course(text);
    assert_eq!(
        series(&c, "C-reactive protein"),
        [(0.0, 148.0), (6.0, 62.0), (28.0, 12.0)]
    );
    // The dash keeps Day 7's place empty; each value points at its own line.
    let ldh = all(&c, "lactate dehydrogenase");
    assert_eq!(
        series(&c, "lactate dehydrogenase"),
        [(0.0, 512.0), (28.0, 298.0)]
    );
    let words: Vec<&str> = ldh
        .iter()
        .map(|f| {
            let s = f
                .part_spans(casecourse_model::PartRole::Value)
                .next()
                .expect("value span");
            &text[s.start..s.end]
        })
        .collect();
    assert_eq!(words, ["512", "298"]);
}
