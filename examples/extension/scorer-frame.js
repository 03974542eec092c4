// The scorer frame: scores requests for a content script whose page forbids wasm.
// The content script sends a MessagePort once; then each message on it is
// {id, json} (a request or conversation as JSON text) and the answer is {id, json}
// (the result as JSON text, exactly what scorer.scoreJson returns). Scoring is pure and
// local: a page that talks to this frame learns nothing it did not send.

import { loadScorer } from "./vendor/empathy.js";

const ready = loadScorer();

addEventListener("message", async (event) => {
  const [port] = event.ports;
  if (!port || event.source !== window.parent) return;
  let scorer;
  try {
    scorer = await ready;
  } catch (err) {
    port.postMessage({ id: 0, error: `the scorer could not load: ${err?.message ?? err}` });
    return;
  }
  port.onmessage = async ({ data }) => {
    const text = String(data?.json);
    let json;
    try {
      json = scorer.scoreJson(text);
      // A language whose pack is not loaded yet: the scorer started loading it; answer
      // with its reading (the content script caches each answer).
      if (json.includes('"supported":false')) {
        await scorer.packsReady();
        json = scorer.scoreJson(text);
      }
    } catch (err) {
      json = JSON.stringify({ error: String(err?.message ?? err) });
    }
    port.postMessage({ id: data?.id, json });
  };
  port.postMessage({ id: 0, ready: true });
});
