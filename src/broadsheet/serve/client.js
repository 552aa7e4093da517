// Broadsheet dev server: live reload, stylesheet swapping and the build error overlay.
// Injected into every HTML page by `broadsheet serve`; see livereload.py for the messages.
(() => {
  "use strict";
  const script = document.currentScript;
  const servedBuild = Number(script.dataset.build);
  const state = (window.__broadsheet = { build: servedBuild, connected: false, swaps: 0 });
  const scrollKey = "broadsheet:scroll:" + location.pathname;

  const decode = (path) => {
    try { return decodeURIComponent(path); } catch { return path; }
  };
  const pathOf = (url) => {
    try {
      const parsed = new URL(url, location.href);
      return parsed.origin === location.origin ? decode(parsed.pathname) : null;
    } catch { return null; }
  };

  function reload() {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    location.reload();
  }

  function restoreScroll() {
    const saved = sessionStorage.getItem(scrollKey);
    if (saved === null) return;
    sessionStorage.removeItem(scrollKey);
    window.scrollTo(0, Number(saved));
  }

  // Everything this page has loaded from the site: elements, and whatever the
  // browser fetched for them (fonts, background images, @imported stylesheets).
  function loadedPaths() {
    const paths = new Set();
    const add = (url) => { const path = pathOf(url); if (path) paths.add(path); };
    for (const entry of performance.getEntriesByType("resource")) add(entry.name);
    for (const el of document.querySelectorAll("link[href]")) add(el.href);
    for (const el of document.querySelectorAll("[src]")) add(el.src);
    return paths;
  }

  function swapStylesheets(changed) {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"][href]')) {
      const path = pathOf(link.href);
      if (changed && path && !changed.has(path)) continue;
      const url = new URL(link.href);
      url.searchParams.set("broadsheet", String(Date.now()));
      const fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.addEventListener("load", () => link.remove(), { once: true });
      fresh.addEventListener("error", () => link.remove(), { once: true });
      link.after(fresh);
    }
    state.swaps += 1;
  }

  function onChange(change) {
    state.build = change.build;
    hideOverlay();
    if (change.all) {
      if (change.css) swapStylesheets(null); else reload();
      return;
    }
    const urls = new Set(change.urls);
    if (urls.has(decode(location.pathname)) || urls.has(script.dataset.page)) return reload();
    const touched = [...loadedPaths()].filter((path) => urls.has(path));
    if (touched.length === 0) return; // nothing this page shows has changed
    if (!touched.every((path) => path.endsWith(".css"))) return reload();
    const linked = new Set([...document.querySelectorAll('link[rel~="stylesheet"]')]
      .map((link) => pathOf(link.href)));
    // A changed stylesheet reached through @import is refreshed by swapping every link.
    swapStylesheets(touched.every((path) => linked.has(path)) ? new Set(touched) : null);
  }

  let overlay = null;
  function showOverlay(problem) {
    hideOverlay();
    overlay = document.createElement("div");
    overlay.id = "broadsheet-overlay";
    const root = overlay.attachShadow({ mode: "open" });
    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = script.src.replace(/client\.js(\?.*)?$/, "overlay.css");
    const panel = document.createElement("section");
    panel.setAttribute("role", "alert");
    const heading = document.createElement("h2");
    heading.textContent = "Build failed — still showing the last good build";
    const where = document.createElement("p");
    where.className = "where";
    where.textContent = problem.file
      ? problem.file + (problem.line ? ":" + problem.line : "")
      : "(no file)";
    const message = document.createElement("pre");
    message.textContent = problem.message;
    const close = document.createElement("button");
    close.textContent = "×";
    close.title = "Hide until the next build";
    close.addEventListener("click", hideOverlay);
    panel.append(close, heading, where, message);
    root.append(style, panel);
    document.documentElement.append(overlay);
  }
  function hideOverlay() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  function connect() {
    const source = new EventSource(script.dataset.events);
    source.addEventListener("hello", (event) => {
      const hello = JSON.parse(event.data);
      state.connected = true;
      // Built again between serving this page and connecting (or a restarted server).
      if (hello.build !== state.build) return reload();
      if (hello.error) showOverlay(hello.error); else hideOverlay();
    });
    source.addEventListener("change", (event) => onChange(JSON.parse(event.data)));
    source.addEventListener("failed", (event) => showOverlay(JSON.parse(event.data)));
    source.addEventListener("error", () => { state.connected = false; });
  }

  if (document.readyState === "complete") restoreScroll();
  else window.addEventListener("load", restoreScroll, { once: true });
  connect();
})();
