//! 200 buyers at once for the last 5 items: exactly 5 orders, 195 clear
//! 409 `out_of_stock`, stock 0 and the listing sold out. Real concurrent
//! HTTP clients, on SQLite and PostgreSQL alike.

use futures_util::future::join_all;
use serde_json::Value;

use crate::support::{order_body, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_buyers_of_the_last_five_items_never_oversell() {
    let app = TestApp::spawn().await;
    let m = app.market("Zavod Gneča", true).await;
    let scarf = app.listing(&m, &m.seller_id, Some(5), 3500).await;
    let body = order_body(&m, &[(&scarf, 1)]);
    let buyers = (0..200).map(|i| {
        let client = reqwest::Client::new();
        let url = app.url("/api/v1/market/orders");
        let body = body.clone();
        async move {
            let res = client
                .post(url)
                .header("Idempotency-Key", format!("buyer-{i}"))
                .json(&body)
                .send()
                .await
                .expect("order request");
            let status = res.status().as_u16();
            let json: Value = res.json().await.expect("json");
            (status, json)
        }
    });
    let answers = join_all(buyers).await;
    let placed = answers.iter().filter(|(s, _)| *s == 201).count();
    let refused: Vec<&Value> = answers
        .iter()
        .filter(|(s, _)| *s == 409)
        .map(|(_, j)| j)
        .collect();
    let others: Vec<&(u16, Value)> = answers
        .iter()
        .filter(|(s, _)| *s != 201 && *s != 409)
        .collect();
    assert!(others.is_empty(), "unexpected answers: {others:?}");
    assert_eq!(placed, 5);
    assert_eq!(refused.len(), 195);
    for p in refused {
        assert_eq!(p["code"], "out_of_stock");
        assert_eq!(p["listings"][0], scarf.as_str());
    }
    assert_eq!(app.stock_of(&scarf), (Some(0), "sold_out".into()));
    let orders: i64 = {
        use diesel::prelude::*;
        use skupaj::db::schema::market_orders;
        market_orders::table
            .count()
            .get_result(&mut app.conn())
            .expect("count")
    };
    assert_eq!(orders, 5);
}
