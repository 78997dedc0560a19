//! Changing passwords: a user's own (old and new), and an admin's reset of
//! another account. Both end the account's other sessions, so a stolen
//! session does not outlive the password it came with.

use crate::audit::{Who, insert_audit};
use crate::pool::with_pool;
use crate::secret::digest;
use crate::users::{check_password, hash_password, verify_password};
use crate::{Store, StoreError};

impl Store {
    /// Changes the password of `username` after checking `old`; clears the
    /// must-change flag and ends every other session of the account (the
    /// one with `keep_token` stays open). `Ok(false)`: the old password
    /// was wrong (audited as `password.change.failed`).
    pub async fn change_password(
        &self,
        who: &Who,
        username: &str,
        old: &str,
        new: &str,
        keep_token: &str,
    ) -> Result<bool, StoreError> {
        check_password(new)?;
        if old == new {
            return Err(StoreError::Invalid(
                "password: the new password must differ from the old one".into(),
            ));
        }
        let hash: Option<String> = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT password_hash FROM users WHERE username = $1")
                .bind(username)
                .fetch_optional(pool)
                .await?
        });
        let hash = hash.ok_or_else(|| StoreError::NotFound(format!("user {username:?}")))?;
        let target = format!("user/{username}");
        if !verify_password(old.to_string(), hash).await {
            self.audit(who, "password.change.failed", &target, "")
                .await?;
            return Ok(false);
        }
        let new_hash = hash_password(new.to_string()).await?;
        self.set_password(
            who,
            username,
            &new_hash,
            false,
            Some(keep_token),
            "password.change",
        )
        .await?;
        Ok(true)
    }

    /// An admin sets a new password for `username`, who must change it at
    /// the next login; every session of the account ends.
    pub async fn reset_password(
        &self,
        who: &Who,
        username: &str,
        new: &str,
    ) -> Result<(), StoreError> {
        check_password(new)?;
        let hash = hash_password(new.to_string()).await?;
        self.set_password(who, username, &hash, true, None, "password.reset")
            .await
    }

    async fn set_password(
        &self,
        who: &Who,
        username: &str,
        hash: &str,
        must_change: bool,
        keep_token: Option<&str>,
        action: &str,
    ) -> Result<(), StoreError> {
        let keep = keep_token.map(digest).unwrap_or_default();
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let id: Option<i64> = sqlx::query_scalar(
                "UPDATE users SET password_hash = $1, must_change_password = $2 \
                 WHERE username = $3 RETURNING id",
            )
            .bind(hash)
            .bind(i64::from(must_change))
            .bind(username)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(id) = id else {
                return Err(StoreError::NotFound(format!("user {username:?}")));
            };
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
                .bind(id)
                .bind(&keep)
                .execute(&mut *tx)
                .await?;
            insert_audit!(&mut *tx, who, action, format!("user/{username}"), "")?;
            tx.commit().await?;
        });
        Ok(())
    }
}
