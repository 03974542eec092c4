// Loading a file into the dashboard without freezing it: the text is cut into chunks of
// whole lines and scored by a pool of workers (load-worker.js, one per core, at most four),
// in order, with progress. A JSON array is one chunk. The same pool scores one
// conversation in full for the drill-down.

const WORKER_URL = new URL("./load-worker.js", import.meta.url);
/** Lines per chunk: small enough for smooth progress, large enough that messages are few. */
const CHUNK_LINES = 400;

export class Pool {
  constructor(size = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2))) {
    this.workers = Array.from({ length: size }, () => new Worker(WORKER_URL, { type: "module" }));
    this.waiting = new Map();
    this.next = 0;
    for (const worker of this.workers) {
      worker.addEventListener("message", ({ data }) => {
        const call = this.waiting.get(data.id);
        this.waiting.delete(data.id);
        if ("error" in data) call?.reject(new Error(data.error));
        else call?.resolve(data.value);
      });
      worker.addEventListener("error", (event) => {
        for (const call of this.waiting.values()) call.reject(new Error(event.message || "the scoring worker failed"));
        this.waiting.clear();
      });
    }
  }

  call(worker, message) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, ...message });
    });
  }

  /** One conversation's full result (for the drill-down). */
  score(conversation) {
    return this.call(this.workers[0], { op: "score", conversation });
  }

  /**
   * Parses and scores a file's text. `progress(done, total)` counts lines.
   * @returns {Promise<{items: object[], errors: Array<{line: number, error: string}>}>}
   */
  async load(text, progress = () => {}) {
    const body = text.replace(/^\uFEFF/, "");
    const chunks = [];
    if (body.trimStart().startsWith("[")) {
      chunks.push({ text: body, firstLine: 1, lines: 1, array: true });  // one piece: a worker parses it whole
    } else {
      const lines = body.split(/\r?\n/);
      for (let i = 0; i < lines.length; i += CHUNK_LINES) {
        const part = lines.slice(i, i + CHUNK_LINES);
        chunks.push({ text: part.join("\n"), firstLine: i + 1, lines: part.length });
      }
    }
    const sizes = chunks.map((c) => c.lines);
    const total = sizes.reduce((a, b) => a + b, 0);
    const results = new Array(chunks.length);
    let done = 0;
    let taken = 0;
    // Each worker takes the next chunk as soon as it is free; results keep the file's order.
    await Promise.all(this.workers.map(async (worker) => {
      while (taken < chunks.length) {
        const n = taken++;
        const { text: part, firstLine, array = false } = chunks[n];
        chunks[n] = null;  // the pieces go as they are sent, not at the end
        results[n] = await this.call(worker, { op: "chunk", text: part, firstLine, array });
        done += sizes[n];
        progress(done, total);
      }
    }));
    return { items: results.flatMap((r) => r.items), errors: results.flatMap((r) => r.errors) };
  }
}
