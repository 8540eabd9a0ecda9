//! The worker's entry point in the browser (trunk builds it: index.html,
//! `data-type="worker"`). It moves messages between the page and
//! [`skyplan_worker::run`]; see [`skyplan_worker::protocol`].

#[cfg(target_arch = "wasm32")]
fn main() {
    use skyplan_worker::protocol::Reply;
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    fn post(scope: &DedicatedWorkerGlobalScope, reply: &Reply, bytes: Option<Vec<u8>>) {
        let message = js_sys::Array::of2(&JsValue::from_str(&reply.to_json()), &JsValue::NULL);
        let transfer = js_sys::Array::new();
        if let Some(bytes) = bytes {
            let array = js_sys::Uint8Array::from(bytes.as_slice());
            transfer.push(&array.buffer());
            message.set(1, array.into());
        }
        // Posting a string and an ArrayBuffer to the page cannot fail (no
        // uncloneable value); if it ever did, the page's request would stay
        // pending rather than the worker trapping.
        let _ = scope.post_message_with_transfer(&message, &transfer);
    }

    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let text = event.data().as_string().unwrap_or_default();
        let (reply, bytes) = skyplan_worker::run(&text);
        post(&replies, &reply, bytes);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // Listens for the worker's whole life.
    on_message.forget();
    post(&scope, &Reply::Ready, None);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("skyplan-worker runs as the web app's web worker in a browser; trunk builds it (see index.html)");
    std::process::exit(2);
}
