// The console's only script: live progress for rebuilds and exports. Every page works without it.
"use strict";

function csrfHeaders() {
  const header = document.querySelector('meta[name="csrf-header"]');
  const token = document.querySelector('meta[name="csrf-token"]');
  return header && token ? { [header.content]: token.content } : {};
}

function sum(offsets) {
  return Object.values(offsets || {}).reduce((total, value) => total + Number(value), 0);
}

function percent(done, of) {
  const total = sum(of);
  return total === 0 ? 100 : Math.min(100, Math.floor((sum(done) * 100) / total));
}

// What a refusal says: a problem's detail, or the sentence of the console's own problem page.
async function answerOf(response) {
  const text = await response.text();
  try {
    const body = JSON.parse(text);
    return body.detail || body.state || String(response.status);
  } catch (notJson) {
    const page = new DOMParser().parseFromString(text, "text/html").querySelector(".problem");
    return page ? page.textContent.trim() : `the console answered ${response.status}`;
  }
}

function followRebuild(box) {
  const name = box.dataset.name;
  const bar = box.querySelector("progress");
  const state = box.querySelector(".rebuild-state");
  const button = box.querySelector(".rebuild-start");
  const poll = async () => {
    const response = await fetch(`/analytics/projections/${encodeURIComponent(name)}/rebuild`,
      { headers: { Accept: "application/json" } });
    if (!response.ok) {
      state.textContent = await answerOf(response);
      button.disabled = false;
      return;
    }
    const status = await response.json();
    bar.value = percent(status.appliedOffsets, status.endOffsets);
    state.textContent = status.state + (status.failure ? ": " + status.failure : "");
    if (status.state === "BUILDING" || status.state === "SWITCHING") {
      setTimeout(poll, 500);
    } else {
      button.disabled = false;
    }
  };
  return poll;
}

document.querySelectorAll(".rebuild").forEach((box) => {
  const button = box.querySelector(".rebuild-start");
  button.addEventListener("click", async () => {
    button.disabled = true;
    const state = box.querySelector(".rebuild-state");
    state.textContent = "starting";
    const response = await fetch(`/analytics/projections/${encodeURIComponent(box.dataset.name)}/rebuild`,
      { method: "POST", headers: { Accept: "application/json", ...csrfHeaders() } });
    if (!response.ok) {
      state.textContent = await answerOf(response);
      button.disabled = false;
      return;
    }
    followRebuild(box)();
  });
});

const exportForm = document.getElementById("export");
if (exportForm) {
  exportForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const panel = document.querySelector(".export-progress");
    const bar = document.getElementById("export-bar");
    const state = document.getElementById("export-state");
    const file = document.getElementById("export-file");
    panel.hidden = false;
    file.hidden = true;
    bar.value = 0;
    state.textContent = "starting";
    const query = new URLSearchParams();
    new FormData(exportForm).forEach((value, name) => { if (String(value).trim() !== "") query.append(name, value); });
    const response = await fetch(`/analytics/events?${query}`);
    if (!response.ok) {
      state.textContent = await answerOf(response);
      return;
    }
    const exportId = response.headers.get("Export-Id");
    let finished = false;
    const poll = async () => {
      if (finished || !exportId) return;
      const progress = await fetch(`/analytics/exports/${encodeURIComponent(exportId)}`);
      if (progress.ok) {
        const p = await progress.json();
        bar.value = percent(p.positions, p.endOffsets);
        state.textContent = `${p.written} events written, ${p.scanned} read`;
      }
      if (!finished) setTimeout(poll, 300);
    };
    poll();
    const reader = response.body.getReader();
    const chunks = [];
    let lines = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        for (const byte of value) if (byte === 10) lines++;
      }
    } catch (failed) {
      state.textContent = `the export broke off after ${lines} events: ${failed}`;
      return;
    } finally {
      finished = true; // no more progress polling, whatever happened
    }
    bar.value = 100;
    state.textContent = `done: ${lines} events`;
    file.href = URL.createObjectURL(new Blob(chunks, { type: "application/x-ndjson" }));
    file.hidden = false;
  });
}
