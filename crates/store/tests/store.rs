//! The store against SQLite always, and against PostgreSQL when
//! `CASECOURSE_TEST_POSTGRES_URL` is set (required when
//! `CASECOURSE_REQUIRE_POSTGRES=1`).

use casecourse_model::{Course, Fact, Kind, Span, Value};
use casecourse_store::{
    CourseFilter, Db, Edit, NewCourse, Page, Role, Store, StoreError, View, Who,
};

/// Every backend to test: a fresh SQLite file, and a fresh PostgreSQL
/// schema when a server is configured.
async fn stores() -> Vec<Store> {
    let dir = std::env::temp_dir().join(format!(
        "casecourse-store-test-{}-{}",
        std::process::id(),
        unique()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("r.db").display());
    let mut out = vec![Store::open(&url).await.unwrap()];
    match std::env::var("CASECOURSE_TEST_POSTGRES_URL") {
        Ok(pg) if !pg.is_empty() => out.push(postgres_store(&pg).await),
        _ => {
            assert!(
                std::env::var("CASECOURSE_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "CASECOURSE_REQUIRE_POSTGRES=1 but CASECOURSE_TEST_POSTGRES_URL is not set"
            );
            eprintln!("note: CASECOURSE_TEST_POSTGRES_URL not set; PostgreSQL not tested");
        }
    }
    out
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    nanos * 1000 + N.fetch_add(1, Ordering::Relaxed)
}

/// A store in a schema of its own, so tests run side by side.
async fn postgres_store(url: &str) -> Store {
    let schema = format!("t{}_{}", std::process::id(), unique());
    let admin = sqlx::PgPool::connect(url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
    let sep = if url.contains('?') { '&' } else { '?' };
    Store::open(&format!("{url}{sep}options=-c%20search_path%3D{schema}"))
        .await
        .unwrap()
}

fn who() -> Who {
    Who::new("ana", "127.0.0.1")
}

fn course() -> Course {
    let text = "Anti-MDA5 antibody was strongly positive. Ferritin 1500 ug/L. \
                Mycophenolate mofetil 1 g twice daily. Complete remission.";
    let mut c = Course::new(text);
    let at = |s: &str| {
        let start = text.find(s).unwrap();
        Span::new(start, start + s.len())
    };
    let mut ab = Fact::new("f1", Kind::Antibody, "anti-MDA5");
    ab.result = Some("positive".into());
    ab.spans = vec![at("Anti-MDA5")];
    let mut fe = Fact::new("f2", Kind::Lab, "ferritin");
    fe.value = Some(Value::Number(1500.0));
    fe.unit = Some("ug/L".into());
    fe.spans = vec![at("Ferritin 1500 ug/L")];
    let mut mmf = Fact::new("f3", Kind::Medication, "mycophenolate mofetil");
    mmf.spans = vec![at("Mycophenolate mofetil")];
    let mut rem = Fact::new("f4", Kind::Status, "complete remission");
    rem.spans = vec![at("Complete remission")];
    c.facts = vec![ab, fe, mmf, rem];
    c
}

#[tokio::test]
async fn users_log_in_with_argon2_and_sessions_are_hashed() {
    for store in stores().await {
        let u = store
            .create_user(&who(), "ana", "correct horse", Role::Curator)
            .await
            .unwrap();
        assert_eq!(u.role, Role::Curator);
        let dup = store
            .create_user(&who(), "ana", "another one", Role::Viewer)
            .await;
        assert!(matches!(dup, Err(StoreError::Duplicate(_))), "{dup:?}");
        assert!(
            store
                .login("ana", "wrong horse", "x")
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store
                .login("bob", "correct horse", "x")
                .await
                .unwrap()
                .is_none()
        );
        let (token, session) = store
            .login("ana", "correct horse", "x")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(session.user.username, "ana");
        assert_eq!(store.session(&token).await.unwrap().unwrap().user.id, u.id);
        assert!(store.session("not-a-token").await.unwrap().is_none());
        store.logout(&token, &who()).await.unwrap();
        assert!(store.session(&token).await.unwrap().is_none());
        let backup = store.backup().await.unwrap();
        assert!(backup.users[0].password_hash.starts_with("$argon2id$"));
        assert!(!backup.users[0].password_hash.contains("correct horse"));
    }
}

#[tokio::test]
async fn edits_keep_the_extraction_and_stale_versions_conflict() {
    for store in stores().await {
        let row = store
            .create_course(
                &who(),
                NewCourse {
                    title: None,
                    course: course(),
                },
            )
            .await
            .unwrap();
        assert_eq!(row.version, 1);
        let mut fixed = row.course.facts[1].clone();
        fixed.value = Some(Value::Number(1600.0));
        let edited = store
            .edit_course(
                &who(),
                row.id,
                1,
                &Edit::Correct {
                    fact: Box::new(fixed.clone()),
                },
            )
            .await
            .unwrap();
        assert_eq!(edited.version, 2);
        // A second reviewer still on version 1 is refused.
        let stale = store
            .edit_course(
                &who(),
                row.id,
                1,
                &Edit::Delete {
                    fact_id: "f1".into(),
                },
            )
            .await;
        assert!(
            matches!(
                stale,
                Err(StoreError::Conflict {
                    expected: 1,
                    current: 2,
                    ..
                })
            ),
            "{stale:?}"
        );
        let curated = store.course(&who(), row.id, View::Curated).await.unwrap();
        let extracted = store.course(&who(), row.id, View::Extracted).await.unwrap();
        assert_eq!(curated.course.facts[1].number(), Some(1600.0));
        assert_eq!(extracted.course.facts[1].number(), Some(1500.0));
        assert_eq!(
            curated.course.facts.len(),
            4,
            "the stale delete did nothing"
        );
        store
            .edit_course(
                &who(),
                row.id,
                2,
                &Edit::Accept {
                    fact_id: "f1".into(),
                },
            )
            .await
            .unwrap();
        let history = store.corrections(&who(), row.id).await.unwrap();
        let actions: Vec<_> = history.iter().map(|c| c.action.as_str()).collect();
        assert_eq!(actions, ["create", "correct", "accept"]);
        assert_eq!(history[1].username, "ana");
        assert_eq!(history[1].before.as_ref().unwrap()["value"], 1500.0);
        assert_eq!(store.accepted_facts(row.id).await.unwrap(), ["f1"]);
    }
}

#[tokio::test]
async fn filters_find_courses_by_antibody_drug_outcome_and_biomarker() {
    for store in stores().await {
        let a = store
            .create_course(
                &who(),
                NewCourse {
                    title: Some("MDA5 case".into()),
                    course: course(),
                },
            )
            .await
            .unwrap();
        let mut other = course();
        other.facts[0].result = Some("negative".into());
        other.facts[1].value = Some(Value::Number(900.0));
        other.facts.truncate(2);
        let b = store
            .create_course(
                &who(),
                NewCourse {
                    title: Some("100%_other".into()),
                    course: other,
                },
            )
            .await
            .unwrap();
        let ids = |f: CourseFilter| {
            let store = store.clone();
            async move {
                let (items, total) = store
                    .list_courses(&who(), &f, Page::default())
                    .await
                    .unwrap();
                assert_eq!(total as usize, items.len());
                items.iter().map(|c| c.id).collect::<Vec<_>>()
            }
        };
        assert_eq!(ids(CourseFilter::default()).await, [b.id, a.id]);
        let f = |g: fn(&mut CourseFilter)| {
            let mut f = CourseFilter::default();
            g(&mut f);
            f
        };
        assert_eq!(ids(f(|f| f.antibody = Some("mda5".into()))).await, [a.id]);
        assert_eq!(
            ids(f(|f| f.drug = Some("MYCOPHENOLATE".into()))).await,
            [a.id]
        );
        assert_eq!(
            ids(f(|f| f.outcome = Some("remission".into()))).await,
            [a.id]
        );
        // Strictly above: 1500 passes 1499 and fails 1500; 900 fails both.
        let above = |x: f64| CourseFilter {
            biomarker: Some("Ferritin".into()),
            above: Some(x),
            ..Default::default()
        };
        assert_eq!(ids(above(1499.0)).await, [a.id]);
        assert!(ids(above(1500.0)).await.is_empty());
        assert_eq!(ids(above(899.0)).await, [b.id, a.id]);
        // LIKE wildcards in the query are literal characters.
        assert_eq!(ids(f(|f| f.q = Some("100%_".into()))).await, [b.id]);
        assert!(ids(f(|f| f.q = Some("1_0".into()))).await.is_empty());
        store.delete_course(&who(), b.id, 1).await.unwrap();
        assert_eq!(ids(CourseFilter::default()).await, [a.id]);
        // A deleted course leaves no rows to search or count.
        assert_eq!(ids(above(899.0)).await, [a.id]);
        assert_eq!(ids(f(|f| f.q = Some("ferritin".into()))).await, [a.id]);
        let (_, total) = store
            .list_courses(
                &who(),
                &CourseFilter::default(),
                Page {
                    limit: 1,
                    offset: 5,
                },
            )
            .await
            .unwrap();
        assert_eq!(total, 1);
    }
}

#[tokio::test]
async fn pages_and_counts_agree_whichever_way_the_page_is_planned() {
    for store in stores().await {
        // Ferritin 10, 20, ..., 600 in courses 1..=60.
        let mut ids = Vec::new();
        for i in 1..=60 {
            let mut c = course();
            c.facts[1].value = Some(Value::Number(f64::from(i) * 10.0));
            let row = store
                .create_course(
                    &who(),
                    NewCourse {
                        title: None,
                        course: c,
                    },
                )
                .await
                .unwrap();
            ids.push(row.id);
        }
        // Course 55 (ferritin 550) is deleted.
        store.delete_course(&who(), ids[54], 1).await.unwrap();
        let list = |above: f64, offset: i64| {
            let store = store.clone();
            async move {
                let f = CourseFilter {
                    biomarker: Some("ferritin".into()),
                    above: Some(above),
                    ..Default::default()
                };
                store
                    .list_courses(&who(), &f, Page { limit: 5, offset })
                    .await
                    .unwrap()
            }
        };
        let expect = |above: f64, offset: usize| {
            let mut m: Vec<i64> = (1..=60)
                .filter(|&i| i != 55 && f64::from(i) * 10.0 > above)
                .map(|i| ids[i as usize - 1])
                .rev()
                .collect();
            let total = m.len() as i64;
            m = m.into_iter().skip(offset).take(5).collect();
            (m, total)
        };
        // Many matches (walked newest first), few (driven by the values),
        // a deep page, and a page past the end.
        for (above, offset) in [
            (100.0, 0),
            (100.0, 40),
            (520.0, 0),
            (520.0, 5),
            (599.0, 0),
            (600.0, 0),
        ] {
            let (items, total) = list(above, offset).await;
            let got: Vec<i64> = items.iter().map(|c| c.id).collect();
            assert_eq!(
                (got, total),
                expect(above, offset as usize),
                "above {above} offset {offset}"
            );
        }
        let (_, all) = store
            .list_courses(&who(), &CourseFilter::default(), Page::default())
            .await
            .unwrap();
        assert_eq!(all, 59);
    }
}

/// Digests a course as its number of facts, counting its calls.
struct FactCount {
    version: &'static str,
    calls: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl casecourse_store::Digester for FactCount {
    fn version(&self) -> &str {
        self.version
    }
    fn digest(&self, course: &Course) -> String {
        self.calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        format!("{} facts", course.facts.len())
    }
}

#[tokio::test]
async fn cohort_digests_are_written_on_save_and_recomputed_only_when_stale() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    for store in stores().await {
        // Saved before the store had a digester: no digest yet.
        let old = store
            .create_course(
                &who(),
                NewCourse {
                    title: None,
                    course: course(),
                },
            )
            .await
            .unwrap();
        let calls = Arc::new(AtomicUsize::new(0));
        let digester = |version| FactCount {
            version,
            calls: calls.clone(),
        };
        let store = store.with_digester(Arc::new(digester("v1")));
        let new = store
            .create_course(
                &who(),
                NewCourse {
                    title: None,
                    course: course(),
                },
            )
            .await
            .unwrap();
        assert_eq!(calls.load(SeqCst), 1, "written on save");
        let all = CourseFilter::default();
        let read = |store: Store| async move {
            store
                .cohort_digests(&who(), &CourseFilter::default(), "cohort.summary")
                .await
                .unwrap()
                .into_iter()
                .map(|r| (r.id, r.digest))
                .collect::<Vec<_>>()
        };
        let four = |id: i64| (id, "4 facts".to_string());
        assert_eq!(read(store.clone()).await, [four(old.id), four(new.id)]);
        assert_eq!(calls.load(SeqCst), 2, "the missing one computed once");
        assert_eq!(read(store.clone()).await, [four(old.id), four(new.id)]);
        assert_eq!(calls.load(SeqCst), 2, "then read back");
        // An edit writes the new digest with the new version.
        let edit = Edit::Delete {
            fact_id: "f3".into(),
        };
        store.edit_course(&who(), new.id, 1, &edit).await.unwrap();
        assert_eq!(calls.load(SeqCst), 3);
        assert_eq!(
            read(store.clone()).await,
            [four(old.id), (new.id, "3 facts".into())]
        );
        assert_eq!(calls.load(SeqCst), 3);
        // Deleted: gone from the cohort. The filters apply.
        store.delete_course(&who(), old.id, 1).await.unwrap();
        assert_eq!(read(store.clone()).await, [(new.id, "3 facts".into())]);
        let drug = CourseFilter {
            drug: Some("mycophenolate".into()),
            ..all
        };
        let none = store
            .cohort_digests(&who(), &drug, "cohort.summary")
            .await
            .unwrap();
        assert!(none.is_empty(), "{none:?}");
        // Another format: recomputed once, then read back.
        let store = store.with_digester(Arc::new(digester("v2")));
        assert_eq!(read(store.clone()).await, [(new.id, "3 facts".into())]);
        assert_eq!(calls.load(SeqCst), 4);
        read(store.clone()).await;
        assert_eq!(calls.load(SeqCst), 4);
        // The read is audited like the cohort it replaces.
        let audit = store.audit_entries(&Default::default()).await.unwrap();
        assert!(
            audit
                .iter()
                .any(|e| e.action == "cohort.summary" && e.target == "cohort")
        );
    }
}

#[tokio::test]
async fn the_audit_log_is_append_only_and_records_reads() {
    for store in stores().await {
        let row = store
            .create_course(
                &who(),
                NewCourse {
                    title: None,
                    course: course(),
                },
            )
            .await
            .unwrap();
        store.course(&who(), row.id, View::Curated).await.unwrap();
        let entries = store.audit_entries(&Default::default()).await.unwrap();
        let actions: Vec<_> = entries.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["course.read", "course.create"]);
        assert_eq!(entries[0].remote, "127.0.0.1");
        assert_eq!(entries[0].target, format!("course/{}", row.id));
        let refused = match store.db() {
            Db::Sqlite(p) => sqlx::query("DELETE FROM audit").execute(p).await.is_err(),
            Db::Postgres(p) => sqlx::query("DELETE FROM audit").execute(p).await.is_err(),
        };
        assert!(refused, "deleting audit rows must fail");
        let refused = match store.db() {
            Db::Sqlite(p) => sqlx::query("UPDATE audit SET username = 'x'")
                .execute(p)
                .await
                .is_err(),
            Db::Postgres(p) => sqlx::query("UPDATE audit SET username = 'x'")
                .execute(p)
                .await
                .is_err(),
        };
        assert!(refused, "changing audit rows must fail");
    }
}

#[tokio::test]
async fn backup_restores_into_an_empty_registry_only() {
    let mut sources = stores().await;
    let mut targets = stores().await;
    for (source, target) in sources.drain(..).zip(targets.drain(..)) {
        source
            .create_user(&who(), "ana", "correct horse", Role::Admin)
            .await
            .unwrap();
        let row = source
            .create_course(
                &who(),
                NewCourse {
                    title: None,
                    course: course(),
                },
            )
            .await
            .unwrap();
        source
            .edit_course(
                &who(),
                row.id,
                1,
                &Edit::Delete {
                    fact_id: "f3".into(),
                },
            )
            .await
            .unwrap();
        let gone = source
            .create_course(
                &who(),
                NewCourse {
                    title: None,
                    course: course(),
                },
            )
            .await
            .unwrap();
        source.delete_course(&who(), gone.id, 1).await.unwrap();
        let backup = source.backup().await.unwrap();
        target.restore(&backup).await.unwrap();
        assert_eq!(target.backup().await.unwrap(), backup);
        // Ids continue after the restored ones, and the filters work.
        let next = target
            .create_course(
                &who(),
                NewCourse {
                    title: None,
                    course: course(),
                },
            )
            .await
            .unwrap();
        assert_eq!(next.id, gone.id + 1);
        let (_, live) = target
            .list_courses(&who(), &CourseFilter::default(), Page::default())
            .await
            .unwrap();
        assert_eq!(
            live, 2,
            "the restored course and the new one; not the deleted one"
        );
        let f = CourseFilter {
            drug: Some("mycophenolate".into()),
            ..Default::default()
        };
        let (items, _) = target
            .list_courses(&who(), &f, Page::default())
            .await
            .unwrap();
        assert_eq!(items.iter().map(|c| c.id).collect::<Vec<_>>(), [next.id]);
        assert!(
            target
                .login("ana", "correct horse", "x")
                .await
                .unwrap()
                .is_some()
        );
        let again = target.restore(&backup).await;
        assert!(matches!(again, Err(StoreError::Invalid(_))), "{again:?}");
    }
}

#[tokio::test]
async fn a_bad_url_is_a_clear_error() {
    let err = Store::open("mysql://x").await.unwrap_err();
    assert!(err.to_string().contains("sqlite://"), "{err}");
}

/// Concurrent reads hand their audit rows to the batching writer: every
/// one is committed (none dropped, however the batches fell) by the time
/// its read returns, and the rows written in batches are the same rows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_reads_are_each_audited_once() {
    for store in stores().await {
        let row = store
            .create_course(
                &who(),
                NewCourse {
                    title: None,
                    course: course(),
                },
            )
            .await
            .unwrap();
        let mut reads = tokio::task::JoinSet::new();
        for i in 0..300 {
            let (store, id) = (store.clone(), row.id);
            reads.spawn(async move {
                let reader = Who::new(&format!("reader{i}"), "127.0.0.1");
                store.course(&reader, id, View::Curated).await.map(|_| ())
            });
        }
        while let Some(done) = reads.join_next().await {
            done.unwrap().unwrap();
        }
        let entries = store
            .audit_entries(&casecourse_store::AuditQuery {
                limit: Some(10_000),
                ..Default::default()
            })
            .await
            .unwrap();
        let mut readers: Vec<&str> = entries
            .iter()
            .filter(|e| e.action == "course.read")
            .map(|e| e.username.as_str())
            .collect();
        readers.sort();
        readers.dedup();
        assert_eq!(readers.len(), 300, "one row per read, none lost");
        assert_eq!(
            entries.iter().filter(|e| e.action == "course.read").count(),
            300,
            "and none twice"
        );
        store.close().await;
    }
}
