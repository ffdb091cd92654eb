//! Stored demo media URLs name [`ORIGIN_TOKEN`]; here, as a JSON response leaves, the
//! token becomes this server's public URL, so every place a vehicle appears (list,
//! detail, changes feed, remembered pages, replayed replies) points at the server that
//! serves it. Runs before the entity tag is set ([`crate::http::answer`]), so the tag is
//! of the final bytes; a tag the handler set from the stored bytes gains the origin's
//! mark. A handler that answers with bytes it already made final (a remembered page, see
//! [`crate::memo::CachedPage::answered_at`]) marks the response [`OriginApplied`], and the
//! body is not read again: copying a 43 KB page on every answer cost the list a sixth of
//! its throughput.

use crate::media::ORIGIN_TOKEN;
use crate::memo::etag_of;
use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue};
use axum::response::Response;
use memchr::memmem;

/// A response extension: the body's media URLs already name this server.
#[derive(Debug, Clone, Copy)]
pub struct OriginApplied;

/// `response` with its media URLs naming this server. Run by
/// [`crate::http::answer::keyed`].
pub async fn localize(state: &AppState, response: Response) -> Response {
    if response.extensions().get::<OriginApplied>().is_some() {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if !is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // The body is this server's own reply, already whole in memory.
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let origin = state.config.public_url.as_deref().unwrap_or("");
    let Some(replaced) = replace_all(&bytes, origin) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    if let Some(etag) = parts.headers.get(header::ETAG).cloned() {
        parts
            .headers
            .insert(header::ETAG, origin_etag(&etag, origin));
    }
    Response::from_parts(parts, Body::from(replaced))
}

/// `body` and its `etag` as the layer would answer them at `origin`.
pub fn apply(body: &Bytes, etag: &HeaderValue, origin: &str) -> (Bytes, HeaderValue) {
    match replace_all(body, origin) {
        Some(replaced) => (replaced, origin_etag(etag, origin)),
        None => (body.clone(), etag.clone()),
    }
}

/// A tag set from the stored bytes, marked with the origin that replaced their tokens.
fn origin_etag(etag: &HeaderValue, origin: &str) -> HeaderValue {
    let mut seed = etag.as_bytes().to_vec();
    seed.extend_from_slice(origin.as_bytes());
    etag_of(&seed)
}

/// `body` with every [`ORIGIN_TOKEN`] replaced by `origin`; `None` when it has none.
pub fn replace_all(body: &[u8], origin: &str) -> Option<Bytes> {
    let finder = memmem::Finder::new(ORIGIN_TOKEN.as_bytes());
    let mut hits = finder.find_iter(body).peekable();
    hits.peek()?;
    let mut out = Vec::with_capacity(body.len() + 64 * origin.len());
    let mut from = 0;
    for hit in hits {
        out.extend_from_slice(&body[from..hit]);
        out.extend_from_slice(origin.as_bytes());
        from = hit + ORIGIN_TOKEN.len();
    }
    out.extend_from_slice(&body[from..]);
    Some(Bytes::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_token_is_replaced_and_nothing_else() {
        let body = format!(
            r#"{{"a":"{ORIGIN_TOKEN}/media/x/1.png","b":"{ORIGIN_TOKEN}","c":"https://else"}}"#
        );
        let out = replace_all(body.as_bytes(), "http://127.0.0.1:9").expect("tokens found");
        assert_eq!(
            std::str::from_utf8(&out).unwrap(),
            r#"{"a":"http://127.0.0.1:9/media/x/1.png","b":"http://127.0.0.1:9","c":"https://else"}"#
        );
        assert!(replace_all(b"{\"plain\":1}", "http://x").is_none());
    }

    #[test]
    fn a_remembered_page_answers_as_the_layer_would_at_each_origin() {
        let body = Bytes::from(format!(r#"{{"url":"{ORIGIN_TOKEN}/media/v/1.png"}}"#));
        let page = crate::memo::CachedPage::new(body.clone(), etag_of(&body));
        let (first, first_tag) = page.answered_at("http://a:1", apply);
        assert_eq!(&first[..], br#"{"url":"http://a:1/media/v/1.png"}"#);
        assert_eq!(first_tag, origin_etag(&etag_of(&body), "http://a:1"));
        // Another origin on the same page is answered for it, not from the first's copy.
        let (other, other_tag) = page.answered_at("http://b:2", apply);
        assert_eq!(&other[..], br#"{"url":"http://b:2/media/v/1.png"}"#);
        assert_ne!(other_tag, first_tag);
        assert_eq!(page.answered_at("http://a:1", apply), (first, first_tag));
        // A page without tokens keeps its bytes and tag.
        let plain = Bytes::from_static(b"{}");
        let page = crate::memo::CachedPage::new(plain.clone(), etag_of(&plain));
        assert_eq!(
            page.answered_at("http://a:1", apply),
            (plain.clone(), etag_of(&plain))
        );
    }
}
