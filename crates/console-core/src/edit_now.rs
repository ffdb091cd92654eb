//! Edits for a caller that ends right after it edits (the `dealer-console` CLI): the edit
//! is queued as usual, then sent at once, because no background push outlives the
//! process. Offline, the edit stays queued for the next sync, as everywhere else.
//!
//! The window does not use these: it queues, returns, and pushes in the background.

use crate::console::{Console, CustomerRow, LeadRow, TaskRow, TestDriveRow};
use crate::error::Result;
use carstrel_model::{
    CreateTaskRequest, Customer, CustomerUpdate, LeadStatus, LeadUpdate, TaskUpdate,
    TestDriveStatus, TestDriveUpdate, Vehicle,
};

/// A customer edit as a person at a shell states it: tags to add and remove by name
/// rather than the whole new list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerEdit {
    pub notes: Option<String>,
    pub add_tags: Vec<String>,
    /// Matched case-insensitively, as the server compares tags.
    pub remove_tags: Vec<String>,
    pub vip: Option<bool>,
}

impl CustomerEdit {
    /// The API's update for `current`: its tags without the removed ones, then the added
    /// ones (normalised with every other edit when queued); no tag change when neither
    /// list names a tag.
    pub fn to_update(&self, current: &Customer) -> CustomerUpdate {
        let retagged = !self.add_tags.is_empty() || !self.remove_tags.is_empty();
        let tags = retagged.then(|| {
            let kept = current.tags.iter().filter(|tag| {
                !self
                    .remove_tags
                    .iter()
                    .any(|removed| removed.eq_ignore_ascii_case(tag))
            });
            kept.chain(&self.add_tags).cloned().collect()
        });
        CustomerUpdate {
            notes: self.notes.clone(),
            tags,
            preferences: None,
            is_vip: self.vip,
        }
    }
}

/// An edit's row as the cache now shows it, and whether the server already has it.
#[derive(Debug, Clone)]
pub struct Sent<T> {
    pub row: T,
    /// False when the edit waits in the outbox (offline, or the server refused for now).
    pub sent: bool,
}

impl Console {
    /// Applies `edit` to the cached customer, queues it, and tries to send it now.
    pub async fn edit_customer_now(
        &self,
        id: &str,
        edit: &CustomerEdit,
    ) -> Result<Sent<CustomerRow>> {
        let current = self.get_customer(id).await?.customer;
        let row = self.update_customer(id, &edit.to_update(&current)).await?;
        Ok(Sent {
            row,
            sent: self.push_now().await,
        })
    }

    /// Moves a test drive to `status`, queues the change, and tries to send it now.
    pub async fn set_test_drive_status_now(
        &self,
        id: &str,
        status: TestDriveStatus,
    ) -> Result<Sent<TestDriveRow>> {
        let change = TestDriveUpdate {
            status: Some(status),
            ..Default::default()
        };
        let row = self.update_test_drive(id, &change).await?;
        Ok(Sent {
            row,
            sent: self.push_now().await,
        })
    }

    /// Moves a lead to `status` (`lost` needs `reason`), queues it, and tries to send it.
    pub async fn set_lead_status_now(
        &self,
        id: &str,
        status: LeadStatus,
        reason: Option<String>,
    ) -> Result<Sent<LeadRow>> {
        let change = LeadUpdate {
            status: Some(status),
            lost_reason: reason,
            ..Default::default()
        };
        let row = self.update_lead(id, &change).await?;
        Ok(Sent {
            row,
            sent: self.push_now().await,
        })
    }

    /// Assigns a lead to a staff member, queues it, and tries to send it now.
    pub async fn assign_lead_now(&self, id: &str, staff_id: &str) -> Result<Sent<LeadRow>> {
        let change = LeadUpdate {
            assigned_to: Some(staff_id.to_owned()),
            ..Default::default()
        };
        let row = self.update_lead(id, &change).await?;
        Ok(Sent {
            row,
            sent: self.push_now().await,
        })
    }

    /// Adds a follow-up task, queues it, and tries to send it now.
    pub async fn add_task_now(&self, request: &CreateTaskRequest) -> Result<Sent<TaskRow>> {
        let row = self.create_task(request).await?;
        let sent = self.push_now().await;
        // Sent, the task has the server's id now.
        let row = match sent {
            true => self.latest_task_row(row).await?,
            false => row,
        };
        Ok(Sent { row, sent })
    }

    /// Checks a task off (or opens it again), queues it, and tries to send it now.
    pub async fn set_task_done_now(&self, id: &str, done: bool) -> Result<Sent<TaskRow>> {
        let change = TaskUpdate {
            done: Some(done),
            ..Default::default()
        };
        let row = self.update_task(id, &change).await?;
        Ok(Sent {
            row,
            sent: self.push_now().await,
        })
    }

    /// The row of a task just sent, under the server's id (the provisional one is gone).
    async fn latest_task_row(&self, queued: TaskRow) -> Result<TaskRow> {
        let cache = self.cache().await;
        if let Ok(row) = cache.get_task_row(&queued.task.id).await {
            return Ok(row);
        }
        match cache.newest_task_like(&queued.task).await? {
            Some(row) => Ok(row),
            None => Ok(queued),
        }
    }

    /// Moves a test drive (RFC 3339), queues the move, and tries to send it now.
    pub async fn reschedule_test_drive_now(
        &self,
        id: &str,
        scheduled_at: &str,
    ) -> Result<Sent<TestDriveRow>> {
        let row = self.reschedule_test_drive(id, scheduled_at).await?;
        Ok(Sent {
            row,
            sent: self.push_now().await,
        })
    }

    /// Sets a listing's price, queues it, and tries to send it now.
    pub async fn set_vehicle_price_now(&self, id: &str, price: f64) -> Result<Sent<Vehicle>> {
        let row = self.set_vehicle_price(id, price).await?;
        Ok(Sent {
            row,
            sent: self.push_now().await,
        })
    }

    /// Whether a push sent anything; a failed push leaves the edit queued, which is no
    /// failure of the edit.
    async fn push_now(&self) -> bool {
        self.push().await.unwrap_or(0) > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer_tagged(tags: &[&str]) -> Customer {
        let mut customer: Customer = serde_json::from_value(serde_json::json!({
            "id": "c1",
            "user": {"id": "u1", "email": "a@example.com", "firstName": "A", "lastName": "B",
                     "phone": null, "profileImageUrl": null},
            "stats": {"totalPurchases": 0, "totalSpent": 0.0, "lastPurchaseDate": null,
                      "totalVehiclesPurchased": 0, "totalVehiclesRented": 0},
            "classification": {"leadScore": 1, "lifecycleStage": "lead",
                               "customerSegment": "new", "isVip": false},
            "preferences": {"vehicleTypes": [], "brands": [], "priceRange": null,
                            "contactMethod": null},
            "tags": [], "notes": null,
            "createdDate": "2024-01-01T00:00:00.000Z", "updatedDate": "2024-01-01T00:00:00.000Z",
            "version": 1
        }))
        .expect("a customer");
        customer.tags = tags.iter().map(|t| (*t).to_owned()).collect();
        customer
    }

    #[test]
    fn tags_are_removed_case_insensitively_then_added() {
        let edit = CustomerEdit {
            add_tags: vec!["vip-lead".into()],
            remove_tags: vec!["TRADE-IN".into()],
            ..Default::default()
        };
        let update = edit.to_update(&customer_tagged(&["trade-in", "family"]));
        assert_eq!(update.tags, Some(vec!["family".into(), "vip-lead".into()]));
    }

    #[test]
    fn no_tag_flag_leaves_the_tags_alone() {
        let edit = CustomerEdit {
            notes: Some("Called back".into()),
            vip: Some(true),
            ..Default::default()
        };
        let update = edit.to_update(&customer_tagged(&["family"]));
        assert_eq!(update.tags, None);
        assert_eq!(update.notes.as_deref(), Some("Called back"));
        assert_eq!(update.is_vip, Some(true));
    }
}
