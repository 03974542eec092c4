// The service worker: the toolbar button opens the settings. Scoring never happens here:
// the widget needs a synchronous scorer, so each content script loads its own wasm.

chrome.action.onClicked.addListener(() => chrome.runtime.openOptionsPage());
