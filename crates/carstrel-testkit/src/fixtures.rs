//! Records a test needs one of, read through the SDK from a running server, and ids that
//! no record has.

use carstrel_client::model::{Customer, CustomerQuery, TestDrive, Vehicle, VehicleQuery};
use carstrel_client::{Client, TestDriveQuery};

/// The first vehicle of the default list (available, newest first).
pub async fn first_vehicle(client: &Client) -> Vehicle {
    client
        .vehicles()
        .list(&VehicleQuery::default())
        .await
        .expect("the vehicle list")
        .items
        .into_iter()
        .next()
        .expect("the demo has vehicles")
}

/// The first customer of the default list.
pub async fn first_customer(client: &Client) -> Customer {
    client
        .customers()
        .list(&CustomerQuery::default())
        .await
        .expect("the customer list")
        .items
        .into_iter()
        .next()
        .expect("the demo has customers")
}

/// The first test drive of the default list.
pub async fn first_test_drive(client: &Client) -> TestDrive {
    client
        .test_drives()
        .list(&TestDriveQuery::new())
        .await
        .expect("the test-drive list")
        .items
        .into_iter()
        .next()
        .expect("the demo has test drives")
}

/// A random UUID no record has.
pub fn random_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
