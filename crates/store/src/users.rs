//! Accounts (argon2-hashed passwords, roles) and sessions.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use serde::Serialize;
use sqlx::Row;

use crate::audit::{Who, insert_audit};
use crate::pool::with_pool;
use crate::secret::{digest, new_token};
use crate::{Store, StoreError, now_text};

/// How long a session lasts from login, in seconds (12 hours: one working
/// day, then log in again).
pub const SESSION_SECONDS: i64 = 12 * 3600;

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, including accounts and the audit log.
    Admin,
    /// Read and edit courses.
    Curator,
    /// Read only.
    Viewer,
}

impl Role {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Curator => "curator",
            Role::Viewer => "viewer",
        }
    }

    /// Parses a stored or typed name.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "curator" => Some(Role::Curator),
            "viewer" => Some(Role::Viewer),
            _ => None,
        }
    }

    /// Whether the role may change patient data.
    pub fn can_write(self) -> bool {
        matches!(self, Role::Admin | Role::Curator)
    }
}

/// An account, without its password hash.
#[derive(Debug, Clone, Serialize)]
pub struct User {
    /// Numeric id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// What the account may do.
    pub role: Role,
    /// The password was generated or reset by an admin: the user must
    /// choose a new one before doing anything else.
    pub must_change_password: bool,
}

/// A live session.
#[derive(Debug, Clone)]
pub struct Session {
    /// Its owner.
    pub user: User,
    /// The token a form or script must echo on writes.
    pub csrf_token: String,
}

pub(crate) fn check_password(password: &str) -> Result<(), StoreError> {
    if password.chars().count() < 8 {
        return Err(StoreError::Invalid(
            "password: use at least 8 characters".into(),
        ));
    }
    if password.len() > 1024 {
        return Err(StoreError::Invalid(
            "password: use at most 1024 bytes".into(),
        ));
    }
    Ok(())
}

fn check_username(name: &str) -> Result<(), StoreError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if ok {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "username {name:?}: use 1 to 64 letters, digits or . _ - @"
        )))
    }
}

pub(crate) async fn hash_password(password: String) -> Result<String, StoreError> {
    // Argon2id with the crate's defaults (19 MiB, 2 passes: the OWASP
    // password storage cheat sheet's minimum) takes tens of milliseconds:
    // keep it off the async threads.
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| StoreError::Hash(e.to_string()))
    })
    .await
    .map_err(|e| StoreError::Hash(e.to_string()))?
}

pub(crate) async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok()
    })
    .await
    .unwrap_or(false)
}

pub(crate) fn user_from_row<R: Row>(row: &R) -> Result<User, StoreError>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let role: String = row.try_get("role")?;
    let must_change: i64 = row.try_get("must_change_password")?;
    Ok(User {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        role: Role::parse(&role)
            .ok_or_else(|| StoreError::Invalid(format!("stored role {role:?} is unknown")))?,
        must_change_password: must_change != 0,
    })
}

impl Store {
    /// Creates an account with a password its user chose; the audit log
    /// records who created it.
    pub async fn create_user(
        &self,
        who: &Who,
        username: &str,
        password: &str,
        role: Role,
    ) -> Result<User, StoreError> {
        self.insert_user(who, username, password, role, false).await
    }

    /// Creates an account with a generated one-time password, which must be
    /// changed at the first login.
    pub async fn create_user_one_time(
        &self,
        who: &Who,
        username: &str,
        password: &str,
        role: Role,
    ) -> Result<User, StoreError> {
        self.insert_user(who, username, password, role, true).await
    }

    async fn insert_user(
        &self,
        who: &Who,
        username: &str,
        password: &str,
        role: Role,
        one_time: bool,
    ) -> Result<User, StoreError> {
        check_username(username)?;
        check_password(password)?;
        let hash = hash_password(password.to_string()).await?;
        let now = now_text();
        let id: i64 = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE username = $1")
                .bind(username)
                .fetch_one(&mut *tx)
                .await?;
            if taken > 0 {
                return Err(StoreError::Duplicate(username.to_string()));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (username, password_hash, role, created_at, must_change_password) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(username)
            .bind(&hash)
            .bind(role.as_str())
            .bind(&now)
            .bind(i64::from(one_time))
            .fetch_one(&mut *tx)
            .await?;
            insert_audit!(&mut *tx, who, "user.create", format!("user/{username}"), role.as_str())?;
            tx.commit().await?;
            id
        });
        Ok(User {
            id,
            username: username.to_string(),
            role,
            must_change_password: one_time,
        })
    }

    /// How many accounts exist.
    pub async fn user_count(&self) -> Result<i64, StoreError> {
        Ok(
            with_pool!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(pool)
            .await?),
        )
    }

    /// Every account.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        with_pool!(self, pool => {
            let rows = sqlx::query("SELECT id, username, role, must_change_password FROM users ORDER BY username")
                .fetch_all(pool)
                .await?;
            rows.iter().map(user_from_row).collect()
        })
    }

    /// Checks a password; on success opens a session and returns its token
    /// (the only copy: the store keeps its digest). Failed and successful
    /// logins are both audited.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        remote: &str,
    ) -> Result<Option<(String, Session)>, StoreError> {
        let found = with_pool!(self, pool => {
            let row = sqlx::query("SELECT id, username, role, must_change_password, password_hash FROM users WHERE username = $1")
                .bind(username)
                .fetch_optional(pool)
                .await?;
            match row {
                Some(row) => Some((user_from_row(&row)?, row.try_get::<String, _>("password_hash")?)),
                None => None,
            }
        });
        let who = Who::new(username, remote);
        let Some((user, hash)) = found else {
            // Spend the same time as a real check so a timing probe cannot
            // tell unknown names from wrong passwords.
            let _ = verify_password(password.to_string(), DUMMY_HASH.to_string()).await;
            self.audit(&who, "login.failed", "session", "").await?;
            return Ok(None);
        };
        if !verify_password(password.to_string(), hash).await {
            self.audit(&who, "login.failed", "session", "").await?;
            return Ok(None);
        }
        let token = new_token()?;
        let csrf = new_token()?;
        let now = jiff::Timestamp::now();
        let expires = now
            .checked_add(jiff::SignedDuration::from_secs(SESSION_SECONDS))
            .unwrap_or(now);
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(digest(&token))
                .bind(user.id)
                .bind(&csrf)
                .bind(now_text())
                .bind(expires.as_second().to_string())
                .execute(&mut *tx)
                .await?;
            insert_audit!(&mut *tx, &who, "login", "session", "")?;
            tx.commit().await?;
        });
        Ok(Some((
            token,
            Session {
                user,
                csrf_token: csrf,
            },
        )))
    }

    /// The live session of `token`, if any.
    pub async fn session(&self, token: &str) -> Result<Option<Session>, StoreError> {
        let now = jiff::Timestamp::now().as_second();
        with_pool!(self, pool => {
            let row = sqlx::query(
                "SELECT u.id, u.username, u.role, u.must_change_password, s.csrf_token, s.expires_at \
                 FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
            )
            .bind(digest(token))
            .fetch_optional(pool)
            .await?;
            let Some(row) = row else { return Ok(None) };
            let expires: String = row.try_get("expires_at")?;
            if expires.parse::<i64>().map_or(true, |e| e <= now) {
                return Ok(None);
            }
            Ok(Some(Session {
                user: user_from_row(&row)?,
                csrf_token: row.try_get("csrf_token")?,
            }))
        })
    }

    /// Ends the session of `token`.
    pub async fn logout(&self, token: &str, who: &Who) -> Result<(), StoreError> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(digest(token))
                .execute(&mut *tx)
                .await?;
            insert_audit!(&mut *tx, who, "logout", "session", "")?;
            tx.commit().await?;
        });
        Ok(())
    }
}

/// An Argon2id hash of a random string, checked against when the username
/// is unknown.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$J3O0FOo0m5l9dwkjcBhnz0NAqYWmDHeODXJhnrnHpPs";
