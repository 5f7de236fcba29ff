//! `GET /market/stats`: completed orders and items per year and category
//! for analysts and API keys, small cells suppressed.

use std::collections::HashMap;

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{expect_problem, listing_body, order_body, Setup, TestApp};

#[tokio::test]
async fn analysts_see_sales_per_year_and_category_with_small_cells_suppressed() {
    let app = TestApp::spawn_with(Setup {
        env: HashMap::from([("SKUPAJ_SUPPRESSION_THRESHOLD".into(), "3".into())]),
        ..Setup::default()
    })
    .await;
    let m = app.market("Zavod Številke", true).await;
    let dress = app.listing(&m, &m.seller_id, Some(20), 2500).await;
    let mut food = listing_body();
    food["seller_id"] = json!(m.seller_id);
    food["category"] = json!("food");
    let food = app.create_listing(&m.coordinator, food).await;
    let food = food["id"].as_str().expect("id").to_string();
    for (listing, quantity) in [(&dress, 2), (&dress, 1), (&dress, 1), (&food, 4)] {
        let placed = app.placed(&order_body(&m, &[(listing, quantity)])).await;
        let id = placed["order"]["id"].as_str().expect("id");
        for (v, e) in ["confirm", "ready", "complete"].iter().enumerate() {
            app.send_ok(
                &m.coordinator,
                Method::POST,
                &format!("/api/v1/market/orders/{id}/events"),
                json!({"event": e, "version": v + 1}),
            )
            .await;
        }
    }
    // One more, not completed: not counted.
    app.placed(&order_body(&m, &[(&dress, 1)])).await;

    let analyst = app.token(&m.org, Role::Analyst).await;
    let stats: Value = app.get_json(&analyst, "/api/v1/market/stats").await;
    assert_eq!(stats["suppression_threshold"], 3);
    assert_eq!(stats["categories"][0], "textiles");
    assert_eq!(stats["categories"][4], "food");
    let year = &stats["years"][0];
    assert_eq!(year["orders_total"], 4);
    assert_eq!(year["items_total"], 8);
    assert_eq!(year["orders"][0], json!({"count": 3, "suppressed": false}));
    assert_eq!(year["items"][0], json!({"count": 4, "suppressed": false}));
    // The one food order is hidden, in both tables, and so are the zeros.
    assert_eq!(
        year["orders"][4],
        json!({"count": null, "suppressed": true})
    );
    assert_eq!(year["items"][4], json!({"count": null, "suppressed": true}));
    assert_eq!(year["orders"][1]["suppressed"], true);

    expect_problem(app.get("/api/v1/market/stats").await, 401, "unauthorized").await;
    expect_problem(
        app.get_as(&m.seller, "/api/v1/market/stats").await,
        403,
        "forbidden",
    )
    .await;
}
